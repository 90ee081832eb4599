/**
 * Benchmark: live timeline clients over real HTTP connections. One server process runs the real
 * route code (streamTimeline, the handler behind GET /api/incidents/:id/events) on a node:http
 * server; a clients process opens N EventSource-style connections to it while this one inserts
 * events at a fixed rate, measuring insert → bytes received on every connection (three processes,
 * as in production: the server, the browsers, and whoever writes the events). Also prints the server's RSS and the
 * database connections it holds.
 *
 *   npx tsx bench/timeline-sse-http.ts [--clients=500] [--rate=20] [--seconds=15] [--profile]
 *
 * The server is node:http, not `next start`, so a concurrent `next build` cannot disturb the figures;
 * the handler, the LISTEN hub and the database reads are the same code Next serves.
 */
import "./server-only-shim";
import http from "node:http";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { Readable } from "node:stream";

// Measured with this bench (clients in their own process) on this machine, quiet (load ≈ 2), on the
// code before the shared per-incident feed: commit 37a9d70, one database read per stream per
// notification and no backpressure, run from a git worktree of that commit with this file copied in.
// "now" measured right after, same machine, same load: p50 31-32 ms, p95 136-142 ms, RSS 175-186 MB,
// 2 connections. The earlier figure (500 in-process streams): p95 ≈ 400 ms quiet, 1 s busy.
const BEFORE = { label: "before (one read per stream)", p50: "1516", p95: "2953", rssMb: "357", connections: "11" };

const arg = (k: string, d: number) => Number(process.argv.find((a) => a.startsWith(`--${k}=`))?.split("=")[1] ?? d);

if (process.argv.includes("--server")) await server();
else if (process.argv.includes("--clients")) clientsProcess();
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
  process.on("SIGINT", () => process.exit(0));
}

/** N EventSource-style connections; records when each bench event's bytes arrive on each. */
function clientsProcess() {
  const port = Number(process.env.BENCH_PORT);
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const arrivals: [number, number][] = [];
  let received = 0;
  const requests: http.ClientRequest[] = [];
  const connect = (n: number) =>
    Promise.all(
      Array.from(
        { length: n },
        () =>
          new Promise<void>((resolve, reject) => {
            const req = http.get({ port, host: "127.0.0.1", path: process.env.BENCH_PATH, agent }, (res) => {
              resolve();
              let buf = "";
              res.setEncoding("utf8");
              res.on("data", (chunk: string) => {
                buf += chunk;
                const at = performance.timeOrigin + performance.now();
                for (const m of buf.matchAll(/"message":"bench-(\d+)"/g)) {
                  arrivals.push([Number(m[1]), at]);
                  received++;
                }
                buf = buf.slice(buf.lastIndexOf("\n\n") + 2);
              });
            });
            req.on("error", reject);
            requests.push(req);
          }),
      ),
    );
  process.on("message", async (msg: { connect?: number; collect?: number }) => {
    if (msg.connect) {
      await connect(msg.connect);
      process.send!({ connected: requests.length });
    } else if (msg.collect) {
      const deadline = Date.now() + 15_000;
      while (received < msg.collect && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      process.send!({ received, arrivals });
    }
  });
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

  // --profile: the server writes a V8 CPU profile into bench/profiles/ (open it in Chrome DevTools).
  const profile = process.argv.includes("--profile") ? ["--cpu-prof", "--cpu-prof-dir=bench/profiles"] : [];
  const child = spawn(process.execPath, [...profile, ...process.execArgv, process.argv[1], "--server"], {
    env: { ...process.env, DATABASE_URL: database.url, RCC_BACKGROUND: "off" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const [{ port }] = (await once(child, "message")) as [{ port: number }];
  // The clients live in their own process, as browsers do: parsing 500 streams must not delay the
  // inserts, nor the inserts the parsing. Times are absolute (timeOrigin + now) in both processes.
  const clientsProc = spawn(process.execPath, [...process.execArgv, process.argv[1], "--clients"], {
    env: { ...process.env, BENCH_PORT: String(port), BENCH_PATH: `/api/incidents/${incident.id}/events` },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ask = <T>(msg: object) =>
    new Promise<T>((resolve) => {
      clientsProc.once("message", (m) => resolve(m as T));
      clientsProc.send(msg);
    });
  const { connected } = await ask<{ connected: number }>({ connect: clients });
  await new Promise((r) => setTimeout(r, 1000));
  const events = rate * seconds;
  const sentAt: number[] = [];
  const started = performance.now();
  for (let i = 0; i < events; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sentAt[i] = performance.timeOrigin + performance.now();
    await appendEvent({ incidentId: incident.id, kind: "note", actor: "bench", message: `bench-${i}` });
  }
  const { received, arrivals } = await ask<{ received: number; arrivals: [number, number][] }>({
    collect: events * clients,
  });
  const latencies = arrivals.map(([i, at]) => at - sentAt[i]);
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

  clientsProc.kill();
  child.kill("SIGINT"); // a signal the server turns into an exit, so a --profile is written
  await once(child, "exit");
  await db.$disconnect();
  await database.drop();
  process.exit(received === events * clients ? 0 : 1);
}
