/**
 * Benchmark: live timeline clients over real HTTP connections. One server process runs the real
 * route code (streamTimeline, the handler behind GET /api/incidents/:id/events) on a node:http
 * server; this process opens N EventSource-style connections to it and inserts events at a fixed
 * rate, measuring insert → bytes received on every connection. Also prints the server's RSS and the
 * database connections it holds.
 *
 *   npx tsx bench/timeline-sse-http.ts [--clients=500] [--rate=20] [--seconds=15]
 *
 * The server is node:http, not `next start`, so a concurrent `next build` cannot disturb the figures;
 * the handler, the LISTEN hub and the database reads are the same code Next serves.
 */
import "./server-only-shim";
import http from "node:http";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { Readable } from "node:stream";

// Measured with this bench on this machine (2 cores, a CI run alongside, load ≈ 4) on the code before
// the shared per-incident feed (commit 37a9d70: one database read per stream per notification, no
// backpressure), run from a git worktree of that commit; "now" was measured right after it, same load.
// The earlier figure (500 in-process streams): p95 ≈ 400 ms quiet, 1 s busy.
const BEFORE = { label: "before (one read per stream)", p50: "2033", p95: "4358", rssMb: "359", connections: "11" };

const arg = (k: string, d: number) => Number(process.argv.find((a) => a.startsWith(`--${k}=`))?.split("=")[1] ?? d);

if (process.argv.includes("--server")) await server();
else await main();

async function server() {
  const { runAs } = await import("../lib/auth/acting-user");
  const { streamTimeline } = await import("../lib/incidents/timeline-stream");
  const { db } = await import("../lib/db");
  const viewer = { id: "bench-viewer", email: "bench@local", name: "bench", role: "viewer" as const };
  const srv = http.createServer(async (req, res) => {
    if (req.url === "/rss") {
      const [{ n }] = await db.$queryRaw<
        { n: bigint }[]
      >`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`;
      res.end(JSON.stringify({ rss: process.memoryUsage().rss, connections: Number(n) }));
      return;
    }
    const abort = new AbortController();
    res.on("close", () => abort.abort());
    const request = new Request(`http://bench${req.url}`, {
      headers: req.headers as HeadersInit,
      signal: abort.signal,
    });
    const id = req.url!.split("/")[3];
    const response = await runAs(viewer, () => streamTimeline(request, id));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    // pipe() honours the socket's backpressure: a slow client's stream stops being pulled.
    Readable.fromWeb(response.body as import("node:stream/web").ReadableStream).pipe(res);
  });
  srv.listen(0, "127.0.0.1", () => process.send!({ port: (srv.address() as { port: number }).port }));
}

async function main() {
  const clients = arg("clients", 500);
  const rate = arg("rate", 20);
  const seconds = arg("seconds", 15);
  const { createDatabase } = await import("../test/postgres/database");
  const database = await createDatabase("rcc_bench_sse");
  process.env.DATABASE_URL = database.url;
  const { db } = await import("../lib/db");
  const { appendEvent } = await import("../lib/incidents/timeline");
  const incident = await db.incident.create({ data: { title: "bench", severity: "P3" } });

  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], "--server"], {
    env: { ...process.env, DATABASE_URL: database.url, RCC_BACKGROUND: "off" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const [{ port }] = (await once(child, "message")) as [{ port: number }];
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let received = 0;
  let connected = 0;
  const requests: http.ClientRequest[] = [];
  await Promise.all(
    Array.from(
      { length: clients },
      () =>
        new Promise<void>((resolve, reject) => {
          const req = http.get(
            { port, host: "127.0.0.1", path: `/api/incidents/${incident.id}/events`, agent },
            (res) => {
              connected++;
              resolve();
              let buf = "";
              res.setEncoding("utf8");
              res.on("data", (chunk: string) => {
                buf += chunk;
                const now = performance.now();
                for (const m of buf.matchAll(/"message":"(bench-\d+)"/g)) {
                  const t = sentAt.get(m[1]);
                  if (t !== undefined) latencies.push(now - t);
                  received++;
                }
                buf = buf.slice(buf.lastIndexOf("\n\n") + 2);
              });
            },
          );
          req.on("error", reject);
          requests.push(req);
        }),
    ),
  );
  await new Promise((r) => setTimeout(r, 1000));
  const events = rate * seconds;
  const started = performance.now();
  for (let i = 0; i < events; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const message = `bench-${i}`;
    sentAt.set(message, performance.now());
    await appendEvent({ incidentId: incident.id, kind: "note", actor: "bench", message });
  }
  const deadline = Date.now() + 15_000;
  while (received < events * clients && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const stats = (await (await fetch(`http://127.0.0.1:${port}/rss`)).json()) as { rss: number; connections: number };

  const sorted = latencies.sort((a, b) => a - b);
  const q = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN);
  const now = {
    p50: q(0.5).toFixed(0),
    p95: q(0.95).toFixed(0),
    rssMb: (stats.rss / 2 ** 20).toFixed(0),
    connections: String(stats.connections),
  };
  console.log(`timeline over HTTP: ${clients} clients (${connected} connected), ${events} events at ${rate}/s`);
  console.log(`delivered ${received}/${events * clients}`);
  console.log(["", "p50 ms", "p95 ms", "server RSS MB", "DB connections"].map((s) => s.padEnd(16)).join(""));
  for (const [label, r] of [
    [BEFORE.label, BEFORE],
    ["now", now],
  ] as const)
    console.log(
      [label.slice(0, 30), r.p50, r.p95, r.rssMb, r.connections].map((s, i) => s.padEnd(i ? 16 : 32)).join(""),
    );
  console.log("target: p95 ≤ 250 ms");

  for (const r of requests) r.destroy();
  child.kill();
  await db.$disconnect();
  await database.drop();
  process.exit(received === events * clients ? 0 : 1);
}
