// The sandbox's demo service: a loopback HTTP server whose behaviour follows its Deployment in the
// sandbox cluster. Every second it reads the Deployment's pod template image through the Kubernetes
// API (kwok pods run no containers, so this process stands in for them): with the bad image, orders
// fail at a high ratio and everything is slow; once the image is the good one again, it recovers.
// Prometheus scrapes /metrics with the names the dashboard's default PromQL expects.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { AppsV1Api, KubeConfig } from "@kubernetes/client-node";
import { isBadImage, versionOf } from "./config";

export type DemoServiceOptions = {
  serviceName: string;
  kubeconfigPath: string;
  namespace: string;
  deployment: string;
  /** Preferred port; a free one when taken (or 0). */
  port?: number;
  pollMs?: number;
  /** Share of orders answered 500 by the bad version. */
  badErrorRatio?: number;
  /** Share of orders answered 500 by the good version (a little noise on the chart). */
  goodErrorRatio?: number;
  log?: (msg: string) => void;
};

export type DemoState = {
  image: string | null;
  version: string | null;
  bad: boolean;
  since: number | null;
  lastPollError: string | null;
};

export type DemoService = { url: string; port: number; state(): DemoState; stop(): Promise<void> };

// The same buckets as test/prometheus/exporter.ts, so p95 reads the same way in both.
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const CHECKS = ["liveness", "readiness", "database", "cache"];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
const esc = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      reject(e);
    };
    const onListening = () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, "127.0.0.1");
  });
}

export async function startDemoService(opts: DemoServiceOptions): Promise<DemoService> {
  const log = opts.log ?? (() => {});
  const badErrorRatio = opts.badErrorRatio ?? 0.6;
  const goodErrorRatio = opts.goodErrorRatio ?? 0.005;
  const kc = new KubeConfig();
  kc.loadFromFile(opts.kubeconfigPath);
  const apps = kc.makeApiClient(AppsV1Api);

  const state: DemoState = { image: null, version: null, bad: false, since: null, lastPollError: null };
  const counters = { byStatus: new Map<string, number>(), buckets: BUCKETS.map(() => 0), count: 0, sum: 0, orders: 0 };

  // ---- following the Deployment
  let stopped = false;
  async function pollOnce() {
    try {
      const d = await Promise.race([
        apps.readNamespacedDeployment({ name: opts.deployment, namespace: opts.namespace }),
        sleep(5_000).then(() => Promise.reject(new Error("no answer from the Kubernetes API in 5 s"))),
      ]);
      const image = d.spec?.template?.spec?.containers?.[0]?.image ?? null;
      if (image !== state.image) {
        log(
          `[demo] ${opts.namespace}/${opts.deployment} image ${state.image ?? "(none)"} → ${image}: ${isBadImage(image) ? "serving BAD" : "serving good"}`,
        );
        Object.assign(state, { image, version: versionOf(image), bad: isBadImage(image), since: Date.now() });
      }
      state.lastPollError = null;
    } catch (e) {
      // Keep serving as the last known version: a dead API server does not change running pods.
      const msg = e instanceof Error ? e.message : String(e);
      if (state.lastPollError !== msg)
        log(`[demo] cannot read Deployment ${opts.namespace}/${opts.deployment}: ${msg}`);
      state.lastPollError = msg;
    }
  }
  const poller = (async () => {
    while (!stopped) {
      await pollOnce();
      await sleep(opts.pollMs ?? 1_000);
    }
  })();

  // ---- serving
  function observe(status: number, seconds: number) {
    const key = String(status);
    counters.byStatus.set(key, (counters.byStatus.get(key) ?? 0) + 1);
    BUCKETS.forEach((le, i) => {
      if (seconds <= le) counters.buckets[i]++;
    });
    counters.count++;
    counters.sum += seconds;
  }

  function metrics(): string {
    const s = esc(opts.serviceName);
    const out = ["# HELP http_requests_total Requests served, by status.", "# TYPE http_requests_total counter"];
    const statuses = new Map([["200", 0], ["201", 0], ["500", 0], ...counters.byStatus]);
    for (const [status, n] of statuses) out.push(`http_requests_total{service="${s}",status="${status}"} ${n}`);
    out.push("# HELP http_request_duration_seconds Request latency.", "# TYPE http_request_duration_seconds histogram");
    BUCKETS.forEach((le, i) =>
      out.push(`http_request_duration_seconds_bucket{service="${s}",le="${le}"} ${counters.buckets[i]}`),
    );
    out.push(
      `http_request_duration_seconds_bucket{service="${s}",le="+Inf"} ${counters.count}`,
      `http_request_duration_seconds_sum{service="${s}"} ${counters.sum}`,
      `http_request_duration_seconds_count{service="${s}"} ${counters.count}`,
    );
    // The bad version's cache client is broken: one check of four fails (not enough to fire alone).
    out.push("# HELP health_check_success 1 when the check passes.", "# TYPE health_check_success gauge");
    for (const check of CHECKS)
      out.push(`health_check_success{service="${s}",check="${check}"} ${state.bad && check === "cache" ? 0 : 1}`);
    out.push(
      "# HELP orders_created_total Orders created.",
      "# TYPE orders_created_total counter",
      `orders_created_total{service="${s}"} ${counters.orders}`,
    );
    out.push(
      "# HELP sandbox_demo_bad 1 while the Deployment runs the bad image.",
      "# TYPE sandbox_demo_bad gauge",
      `sandbox_demo_bad{service="${s}"} ${state.bad ? 1 : 0}`,
    );
    return out.join("\n") + "\n";
  }

  const json = (res: http.ServerResponse, status: number, body: unknown) =>
    res
      .writeHead(status, { "content-type": "application/json", "cache-control": "no-store" })
      .end(JSON.stringify(body));

  /** The app's own traffic: counted in the request metrics, slow and failing while bad. */
  async function serveApp(req: http.IncomingMessage, res: http.ServerResponse, kind: "order" | "catalog") {
    const started = performance.now();
    const bad = state.bad;
    await sleep(bad ? between(300, 900) : between(5, 40));
    const failRatio = bad ? badErrorRatio : kind === "order" ? goodErrorRatio : 0;
    let status: number;
    if (Math.random() < failRatio) {
      status = 500;
      json(res, status, { error: bad ? `checkout ${state.version}: upstream pricing call failed` : "transient error" });
    } else if (kind === "order") {
      status = 201;
      counters.orders++;
      json(res, status, { order: counters.orders, version: state.version });
    } else {
      status = 200;
      json(res, status, { items: [{ sku: "demo-1", price: 12.5 }], version: state.version });
    }
    observe(status, (performance.now() - started) / 1000);
  }

  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    req.resume();
    if (req.method === "GET" && path === "/metrics") {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(metrics());
    } else if (req.method === "GET" && path === "/health") {
      json(res, 200, { status: "ok" });
    } else if (req.method === "GET" && path === "/ready") {
      // Ready once it knows which version it is.
      if (state.image) json(res, 200, { ready: true, version: state.version });
      else json(res, 503, { ready: false, reason: state.lastPollError ?? "Deployment not read yet" });
    } else if (req.method === "GET" && path === "/version") {
      if (state.version) json(res, 200, { version: state.version, image: state.image });
      else json(res, 503, { error: "version unknown: Deployment not read yet" });
    } else if (req.method === "GET" && path === "/state") {
      json(res, 200, state);
    } else if (req.method === "POST" && path === "/orders") {
      void serveApp(req, res, "order");
    } else if (req.method === "GET" && (path === "/catalog" || path === "/")) {
      void serveApp(req, res, "catalog");
    } else {
      json(res, 404, { error: "not found" });
    }
  });
  server.keepAliveTimeout = 5_000;

  let port: number;
  try {
    port = await listen(server, opts.port ?? 0);
  } catch {
    port = await listen(server, 0);
  }
  await pollOnce();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state: () => ({ ...state }),
    async stop() {
      stopped = true;
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await poller;
    },
  };
}
