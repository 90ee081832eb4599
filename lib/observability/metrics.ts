import "server-only";
// Prometheus metrics of the dashboard itself, served at /api/metrics.
import client from "prom-client";

type Metrics = {
  registry: client.Registry;
  httpRequests: client.Counter<"route" | "method" | "status">;
  httpDuration: client.Histogram<"route" | "method">;
  sseClients: client.Gauge;
  timelineReads: client.Counter<"reason">;
  timelineEventsWritten: client.Counter<"kind">;
  rollbacks: client.Counter<"strategy" | "state">;
};

function create(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "rcc_" });
  return {
    registry,
    httpRequests: new client.Counter({
      name: "rcc_http_requests_total",
      help: "HTTP requests handled by route handlers",
      labelNames: ["route", "method", "status"],
      registers: [registry],
    }),
    httpDuration: new client.Histogram({
      name: "rcc_http_request_duration_seconds",
      help: "Route handler latency",
      labelNames: ["route", "method"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    sseClients: new client.Gauge({
      name: "rcc_sse_clients",
      help: "Open live timeline streams",
      registers: [registry],
    }),
    timelineReads: new client.Counter({
      name: "rcc_timeline_stream_reads_total",
      help: "Database reads made for live timeline streams: shared (one per notification per incident) or catch-up (one stream's backlog)",
      labelNames: ["reason"],
      registers: [registry],
    }),
    timelineEventsWritten: new client.Counter({
      name: "rcc_timeline_events_written_total",
      help: "Timeline events appended by this process",
      labelNames: ["kind"],
      registers: [registry],
    }),
    rollbacks: new client.Counter({
      name: "rcc_rollbacks_total",
      help: "Rollbacks finished by this process",
      labelNames: ["strategy", "state"],
      registers: [registry],
    }),
  };
}

const globalForMetrics = globalThis as unknown as { rccMetrics?: Metrics };
export const metrics: Metrics = globalForMetrics.rccMetrics ?? (globalForMetrics.rccMetrics = create());

/** Wraps a route handler so its count and latency are recorded. */
export function instrumented<A extends unknown[]>(
  route: string,
  handler: (req: Request, ...rest: A) => Promise<Response>,
) {
  return async (req: Request, ...rest: A): Promise<Response> => {
    const end = metrics.httpDuration.startTimer({ route, method: req.method });
    let status = 500;
    try {
      const res = await handler(req, ...rest);
      status = res.status;
      return res;
    } finally {
      end();
      metrics.httpRequests.inc({ route, method: req.method, status: String(status) });
    }
  };
}
