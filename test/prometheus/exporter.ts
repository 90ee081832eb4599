// A tiny metrics exporter the tests control: per service, a background ticker advances request,
// error, latency-histogram, health and business series at the configured rates; Prometheus scrapes
// GET /metrics, and tests change the settings with set() or POST /control (from vitest workers).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

export const settingsSchema = z
  .object({
    /** Requests per second. */
    rps: z.number().min(0).max(1e6),
    /** Share of requests answered 5xx. */
    errorRatio: z.number().min(0).max(1),
    /** Every request takes this long (a point mass, so p95 lands inside its histogram bucket). */
    latencySeconds: z.number().min(0).max(60),
    /** Share of the health checks passing (of CHECKS). */
    healthyRatio: z.number().min(0).max(1),
    /** orders_created_total per second. */
    ordersPerSecond: z.number().min(0).max(1e6),
  })
  .strict();
export type ExporterSettings = z.infer<typeof settingsSchema>;

export const controlSchema = z.object({
  service: z.string().min(1).max(200),
  settings: settingsSchema.partial().optional(),
  /** Stop exposing the service: its series go stale in Prometheus (no data). */
  remove: z.boolean().optional(),
});
export type ControlRequest = z.infer<typeof controlSchema>;

export const DEFAULT_SETTINGS: ExporterSettings = {
  rps: 50,
  errorRatio: 0.01,
  latencySeconds: 0.1,
  healthyRatio: 1,
  ordersPerSecond: 5,
};
export const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
export const CHECKS = ["liveness", "readiness", "database", "cache"];

type Counters = { ok: number; errors: number; buckets: number[]; sum: number; count: number; orders: number };
type ServiceEntry = { settings: ExporterSettings; c: Counters };

export type Exporter = {
  url: string;
  port: number;
  set(service: string, settings?: Partial<ExporterSettings>): ExporterSettings;
  remove(service: string): void;
  stop(): Promise<void>;
};

const esc = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

function render(services: Map<string, ServiceEntry>): string {
  const out: string[] = ["# HELP http_requests_total Requests by status.", "# TYPE http_requests_total counter"];
  const all = [...services.entries()].map(([name, e]) => ({ s: esc(name), e }));
  for (const { s, e } of all) {
    out.push(
      `http_requests_total{service="${s}",status="200"} ${e.c.ok}`,
      `http_requests_total{service="${s}",status="500"} ${e.c.errors}`,
    );
  }
  out.push("# HELP http_request_duration_seconds Request latency.", "# TYPE http_request_duration_seconds histogram");
  for (const { s, e } of all) {
    BUCKETS.forEach((le, i) =>
      out.push(`http_request_duration_seconds_bucket{service="${s}",le="${le}"} ${e.c.buckets[i]}`),
    );
    out.push(
      `http_request_duration_seconds_bucket{service="${s}",le="+Inf"} ${e.c.count}`,
      `http_request_duration_seconds_sum{service="${s}"} ${e.c.sum}`,
      `http_request_duration_seconds_count{service="${s}"} ${e.c.count}`,
    );
  }
  out.push("# HELP health_check_success 1 when the check passes.", "# TYPE health_check_success gauge");
  for (const { s, e } of all) {
    const passing = Math.round(e.settings.healthyRatio * CHECKS.length);
    CHECKS.forEach((check, i) =>
      out.push(`health_check_success{service="${s}",check="${check}"} ${i < passing ? 1 : 0}`),
    );
  }
  out.push("# HELP orders_created_total Orders created.", "# TYPE orders_created_total counter");
  for (const { s, e } of all) out.push(`orders_created_total{service="${s}"} ${e.c.orders}`);
  return out.join("\n") + "\n";
}

function advance(e: ServiceEntry, dtSec: number) {
  const { rps, errorRatio, latencySeconds, ordersPerSecond } = e.settings;
  const n = rps * dtSec;
  e.c.errors += n * errorRatio;
  e.c.ok += n * (1 - errorRatio);
  BUCKETS.forEach((le, i) => {
    if (latencySeconds <= le) e.c.buckets[i] += n;
  });
  e.c.count += n;
  e.c.sum += n * latencySeconds;
  e.c.orders += ordersPerSecond * dtSec;
}

export async function startExporter(
  opts: { services?: Record<string, Partial<ExporterSettings>>; tickMs?: number } = {},
): Promise<Exporter> {
  const services = new Map<string, ServiceEntry>();
  function set(service: string, partial: Partial<ExporterSettings> = {}): ExporterSettings {
    const existing = services.get(service);
    const settings = settingsSchema.parse({ ...(existing?.settings ?? DEFAULT_SETTINGS), ...partial });
    if (existing) existing.settings = settings;
    else
      services.set(service, {
        settings,
        c: { ok: 0, errors: 0, buckets: BUCKETS.map(() => 0), sum: 0, count: 0, orders: 0 },
      });
    return settings;
  }
  for (const [name, s] of Object.entries(opts.services ?? {})) set(name, s);

  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    const dt = (now - last) / 1000;
    last = now;
    for (const e of services.values()) advance(e, dt);
  }, opts.tickMs ?? 100);
  ticker.unref();

  const server = http.createServer((req, res) => {
    if (req.method === "GET" && req.url?.startsWith("/metrics")) {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(render(services));
      return;
    }
    if (req.method === "GET" && req.url === "/control") {
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify(Object.fromEntries([...services].map(([k, v]) => [k, v.settings]))));
      return;
    }
    if (req.method === "POST" && req.url === "/control") {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        try {
          const r = controlSchema.parse(JSON.parse(body));
          if (r.remove) {
            services.delete(r.service);
            res.writeHead(200, { "content-type": "application/json" }).end("{}");
          } else
            res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(set(r.service, r.settings)));
        } catch (e) {
          res.writeHead(400, { "content-type": "text/plain" }).end(e instanceof Error ? e.message : String(e));
        }
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    set,
    remove: (service) => void services.delete(service),
    stop: () =>
      new Promise<void>((resolve) => {
        clearInterval(ticker);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
