// The sandbox's steady traffic: orders (POST /orders) and a catalog read now and then, at a fixed
// rate, to the demo service on loopback only. Bounded: at most maxInFlight requests at once (the bad
// version is slow; extra ticks are counted as dropped rather than piling up) and a deadline each.
import http from "node:http";

export type LoadOptions = {
  url: string;
  /** Requests per second. */
  rps?: number;
  maxInFlight?: number;
  timeoutMs?: number;
  /** One request in this many reads the catalog instead of placing an order. */
  catalogEvery?: number;
};

export type LoadStats = { sent: number; ok: number; failed: number; dropped: number; orders: number; inFlight: number };
export type LoadGenerator = { stats(): LoadStats; stop(): Promise<void> };

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

export function startLoad(opts: LoadOptions): LoadGenerator {
  const target = new URL(opts.url);
  if (!LOOPBACK.has(target.hostname))
    throw new Error(`The load generator only talks to loopback, not ${target.hostname}`);
  const rps = Math.min(Math.max(opts.rps ?? 20, 1), 200);
  const maxInFlight = opts.maxInFlight ?? 64;
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const catalogEvery = opts.catalogEvery ?? 5;
  const agent = new http.Agent({ keepAlive: true, maxSockets: maxInFlight });
  const stats: LoadStats = { sent: 0, ok: 0, failed: 0, dropped: 0, orders: 0, inFlight: 0 };
  const pending = new Set<Promise<void>>();
  let n = 0;

  function one(): Promise<void> {
    const catalog = ++n % catalogEvery === 0;
    return new Promise<void>((resolve) => {
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: catalog ? "/catalog" : "/orders",
          method: catalog ? "GET" : "POST",
          agent,
          timeout: timeoutMs,
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            const ok = (res.statusCode ?? 0) < 400;
            if (ok) stats.ok++;
            else stats.failed++;
            if (ok && !catalog) stats.orders++;
            resolve();
          });
          res.on("error", () => {
            stats.failed++;
            resolve();
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", () => {
        stats.failed++;
        resolve();
      });
      req.end();
    });
  }

  const timer = setInterval(() => {
    if (stats.inFlight >= maxInFlight) {
      stats.dropped++;
      return;
    }
    stats.sent++;
    stats.inFlight++;
    const p = one().finally(() => {
      stats.inFlight--;
      pending.delete(p);
    });
    pending.add(p);
  }, 1000 / rps);

  return {
    stats: () => ({ ...stats }),
    async stop() {
      clearInterval(timer);
      await Promise.race([Promise.all([...pending]), new Promise((r) => setTimeout(r, timeoutMs))]);
      agent.destroy();
    },
  };
}
