/**
 * Benchmark of the trigger watcher: CPU time per evaluation of N services (default 100, default
 * trigger config: 6 PromQL queries per service) in this process and in Prometheus, and the detection
 * delay (breach window elapsed → "fired") with a 1 s evaluation interval.
 *
 *   npx tsx --conditions=react-server bench/prometheus-watcher.ts [--services=100] [--runs=10]
 *
 * Needs the machine's Postgres (127.0.0.1:5432) and /usr/bin/prometheus, like the integration tests.
 * The exporter runs in a child process so its work is not counted as the watcher's.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import pg from "pg";
import { createDatabase } from "../test/postgres/database";
import { setExporterService, waitForSamples } from "../test/prometheus/control";
import { startExporter } from "../test/prometheus/exporter";
import { startPrometheus } from "../test/prometheus/launcher";
import { createPrometheusClient } from "../lib/prometheus/client";
import { startWatcher, type TriggerEvent } from "../lib/prometheus/watcher";

const arg = (name: string, def: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? def);

function procCpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime in clock ticks (100 Hz)
}
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const n = arg("services", 100);
  const runs = arg("runs", 10);
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], "--exporter-child"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exporterUrl = await new Promise<string>((resolve) =>
    child.stdout!.once("data", (d) => resolve(String(d).trim())),
  );
  const database = await createDatabase("rcc_bench");
  const prometheus = await startPrometheus({ scrapeTargets: [new URL(exporterUrl).host] });
  console.log(`Prometheus ready in ${prometheus.startupMs} ms; ${n} services`);
  const names = Array.from({ length: n }, (_, i) => `bench-${String(i).padStart(3, "0")}`);
  const c = new pg.Client({ connectionString: database.url });
  await c.connect();
  for (const name of names) {
    await setExporterService(exporterUrl, name, { rps: 20 + (name.length % 7), errorRatio: 0.01 });
    await c.query(`INSERT INTO "Service" (id, name, deployments, "updatedAt") VALUES ($1, $1, '{}', now())`, [name]);
  }
  const events: TriggerEvent[] = [];
  const push = (e: TriggerEvent) => void events.push(e);
  const sink = { onFired: push, onResolved: push, onUnknown: push, onRecovered: push };
  try {
    await waitForSamples(createPrometheusClient({ baseUrl: prometheus.url }), names[n - 1], 5, 60_000);
    const w = startWatcher({
      prometheusUrl: prometheus.url,
      databaseUrl: database.url,
      sink,
      instanceId: "bench",
      intervalMs: 0,
      log: () => {},
    });
    await w.evaluateOnce(); // warm-up: connections, JIT, first inserts
    const own: number[] = [];
    const prom: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i < runs; i++) {
      const [c0, p0] = [cpuMs(), procCpuMs(prometheus.pid()!)];
      const r = await w.evaluateOnce();
      own.push(cpuMs() - c0);
      prom.push(procCpuMs(prometheus.pid()!) - p0);
      wall.push(r.durationMs);
      if (i === 0) console.log(`evaluation: leader=${r.leader} services=${r.services} rules=${r.rules}`);
      await sleep(200);
    }
    console.log(
      `watcher CPU per evaluation of ${n} services: median ${median(own).toFixed(0)} ms (min ${Math.min(...own).toFixed(0)}, max ${Math.max(...own).toFixed(0)})`,
    );
    console.log(
      `Prometheus CPU per evaluation: median ${median(prom).toFixed(0)} ms (10 ms resolution); wall time median ${median(wall).toFixed(0)} ms`,
    );
    await w.stop();

    // Detection delay: one service with 3 s rate windows and a 5 s error-rate window, evaluated every 1 s.
    const target = names[0];
    await c.query(`UPDATE "Service" SET "triggerConfig" = $2 WHERE name = $1`, [
      target,
      { rateWindowSec: 3, errorRate: { forSec: 5 } },
    ]);
    const fast = startWatcher({
      prometheusUrl: prometheus.url,
      databaseUrl: database.url,
      sink,
      instanceId: "bench-fast",
      intervalMs: 1000,
      serviceNames: [target],
      log: () => {},
    });
    await sleep(2500);
    const raisedAt = Date.now();
    await setExporterService(exporterUrl, target, { errorRatio: 0.5 });
    const deadline = Date.now() + 30_000;
    let fired: TriggerEvent | undefined;
    while (!fired && Date.now() < deadline) {
      fired = events.find((e) => e.kind === "fired" && e.service.name === target && e.rule === "errorRate");
      await sleep(50);
    }
    await fast.stop();
    if (!fired) throw new Error("the error-rate rule did not fire within 30 s");
    const breach = fired.breachSince!.getTime();
    console.log(
      `detection: error ratio raised → breach seen ${breach - raisedAt} ms, window (5 s) elapsed → fired ${fired.at.getTime() - breach - 5000} ms, raised → fired ${fired.at.getTime() - raisedAt} ms (1 s interval; production adds up to the 15 s interval)`,
    );
  } finally {
    await c.end();
    await prometheus.stop();
    await database.drop();
    child.kill();
  }
}

if (process.argv.includes("--exporter-child")) {
  const ex = await startExporter();
  process.stdout.write(`${ex.url}\n`);
  process.stdin.resume();
  process.stdin.on("end", () => process.exit(0)); // dies with the parent
} else {
  await main();
}
