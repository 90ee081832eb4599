/**
 * Benchmark of automatic detection → rollback, on the real chain: a test exporter scraped every
 * second by Prometheus, the trigger watcher with the product's sink, Postgres, and a real control
 * plane where the rollback runs (the same server actions as the Roll back button).
 *
 *   npx tsx bench/detection.ts [--runs=3] [--services=100] [--interval=1000]
 *   BENCH_KUBECONFIG=/path npx tsx bench/detection.ts     # use an existing cluster
 *
 * Prints, per run and as medians: the breach as Prometheus sees it (scrape + rate window), the
 * for-window elapsed → rule fired (the evaluation interval), fired → rollback started (incident,
 * timeline, plan with server-side dry run, start), and window elapsed → rollback started. Then the
 * watcher's CPU per evaluation of N services with the sink attached (the exporter runs in a child
 * process so its work is not counted).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";

const arg = (k: string, d: number) => Number(process.argv.find((a) => a.startsWith(`--${k}=`))?.split("=")[1] ?? d);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const FOR_SEC = 5;

if (process.argv.includes("--exporter-child")) {
  const { startExporter } = await import("../test/prometheus/exporter");
  const ex = await startExporter();
  process.stdout.write(`${ex.url}\n`);
  process.stdin.resume();
  process.stdin.on("end", () => process.exit(0)); // dies with the parent
} else {
  await import("./server-only-shim");
  await main();
}

async function main() {
  const runs = arg("runs", 3);
  const n = arg("services", 100);
  const intervalMs = arg("interval", 1000);
  const exporterChild = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), "--exporter-child"],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const exporterUrl = await new Promise<string>((resolve) =>
    exporterChild.stdout!.once("data", (d) => resolve(String(d).trim())),
  );
  const { kubectl } = await import("../test/cluster/kubectl");
  const { createDatabase } = await import("../test/postgres/database");
  const { startPrometheus } = await import("../test/prometheus/launcher");
  const { setExporterService, waitForSamples } = await import("../test/prometheus/control");

  let stopCluster = async () => {};
  let kubeconfig = process.env.BENCH_KUBECONFIG;
  if (!kubeconfig) {
    const { startCluster } = await import("../test/cluster/launcher");
    const c = await startCluster({ name: "bench-detect" });
    console.log(`cluster ${c.version} ready in ${c.startupMs} ms`);
    kubeconfig = c.kubeconfigPath;
    stopCluster = () => c.stop();
  }
  const kc = kubeconfig;
  const database = await createDatabase("rcc_bench_detect");
  process.env.DATABASE_URL = database.url;
  process.env.KUBECONFIG = kc;
  process.env.RCC_BACKGROUND = "off";
  const prometheus = await startPrometheus({ scrapeTargets: [new URL(exporterUrl).host] });
  const { db } = await import("../lib/db");
  const { createPrometheusClient } = await import("../lib/prometheus/client");
  const { startWatcher } = await import("../lib/prometheus/watcher");
  const { createTriggerSink } = await import("../lib/triggers/sink");
  const prom = createPrometheusClient({ baseUrl: prometheus.url });
  const ns = `detect-${randomBytes(3).toString("hex")}`;
  await kubectl(kc, ["create", "namespace", ns]);
  for (
    let i = 0;
    i < 50 &&
    !(await kubectl(kc, ["-n", ns, "get", "serviceaccount", "default"]).then(
      () => true,
      () => false,
    ));
    i++
  )
    await sleep(100);
  const manifest = (name: string, tag: string) =>
    JSON.stringify({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: "app", image: `registry.k8s.io/pause:${tag}` }] },
        },
      },
    });

  const rows: { seen: number; fired: number; start: number; total: number; raisedToStart: number }[] = [];
  try {
    console.log(
      `Prometheus ready in ${prometheus.startupMs} ms; evaluation every ${intervalMs} ms; error-rate rule: 3 s rate window, ${FOR_SEC} s for-window`,
    );
    for (let i = 0; i < runs; i++) {
      const name = `web${i}`;
      await kubectl(kc, ["-n", ns, "apply", "-f", "-"], manifest(name, "3.9"));
      await kubectl(kc, ["-n", ns, "rollout", "status", `deployment/${name}`, "--timeout=60s"]);
      await kubectl(kc, ["-n", ns, "apply", "-f", "-"], manifest(name, "3.10"));
      await kubectl(kc, ["-n", ns, "rollout", "status", `deployment/${name}`, "--timeout=60s"]);
      const svc = await db.service.create({
        data: {
          name: `detect-${i}`,
          namespace: ns,
          deployments: [name],
          triggerPolicy: "auto",
          rolloutTimeoutSec: 60,
          triggerConfig: {
            rateWindowSec: 3,
            errorRate: { forSec: FOR_SEC },
            p95Latency: { enabled: false },
            healthSuccess: { enabled: false },
            business: { enabled: false },
          },
        },
      });
      await setExporterService(exporterUrl, svc.name, { rps: 40, errorRatio: 0.01 });
      await waitForSamples(prom, svc.name, 5);
      let firedAt = 0;
      const w = startWatcher({
        prometheusUrl: prometheus.url,
        sink: createTriggerSink({ log: () => {}, onOutcome: (ev) => (firedAt = ev.at.getTime()) }),
        instanceId: `bench-${i}`,
        intervalMs,
        serviceNames: [svc.name],
        lockKey: [0x52434321, 5000 + i],
        log: () => {},
      });
      await sleep(2_500);
      const raisedAt = Date.now();
      await setExporterService(exporterUrl, svc.name, { errorRatio: 0.5 });
      const deadline = Date.now() + 60_000;
      let inc: { impactStartedAt: Date | null; rollbackStartedAt: Date | null } | null = null;
      while (Date.now() < deadline) {
        inc = await db.incident.findFirst({
          where: { serviceId: svc.id },
          // The first breach is the impact start (issue 17); detectedAt is the firing.
          select: { impactStartedAt: true, rollbackStartedAt: true },
        });
        if (inc?.rollbackStartedAt) break;
        await sleep(20);
      }
      await w.stop();
      if (!inc?.rollbackStartedAt || !inc.impactStartedAt)
        throw new Error(`run ${i}: no automatic rollback within 60 s`);
      const breach = inc.impactStartedAt.getTime();
      const windowEnd = breach + FOR_SEC * 1000;
      const started = inc.rollbackStartedAt.getTime();
      const row = {
        seen: breach - raisedAt,
        fired: firedAt - windowEnd,
        start: started - firedAt,
        total: started - windowEnd,
        raisedToStart: started - raisedAt,
      };
      rows.push(row);
      console.log(
        `run ${i + 1}: breach seen ${row.seen} ms after the raise · window elapsed → fired ${row.fired} ms · fired → rollback started ${row.start} ms · ` +
          `window elapsed → rollback started ${row.total} ms (raise → rollback started ${row.raisedToStart} ms)`,
      );
      await setExporterService(exporterUrl, svc.name, { errorRatio: 0 });
    }
    const m = (k: keyof (typeof rows)[number]) => median(rows.map((r) => r[k]));
    console.log(
      `detection, median of ${rows.length}: window elapsed → rollback started ${m("total")} ms (of which evaluation wait ${m("fired")} ms, incident + plan + start ${m("start")} ms); ` +
        `breach visible ${m("seen")} ms after the raise. Production evaluates every 15 s: add up to 15 s to the wait.`,
    );

    // CPU per evaluation of N healthy services (notify policy, nothing transitions; the sink is attached).
    const names = Array.from({ length: n }, (_, i) => `cpu-${String(i).padStart(3, "0")}`);
    for (const name of names) {
      await setExporterService(exporterUrl, name, { rps: 20, errorRatio: 0.01 });
      await db.service.create({ data: { name, triggerPolicy: "notify" } });
    }
    await waitForSamples(prom, names[n - 1], 5, 60_000);
    const w = startWatcher({
      prometheusUrl: prometheus.url,
      sink: createTriggerSink({ log: () => {} }),
      instanceId: "bench-cpu",
      intervalMs: 0,
      serviceNames: names,
      lockKey: [0x52434321, 5999],
      log: () => {},
    });
    await w.evaluateOnce(); // warm-up
    const cpu: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i < 10; i++) {
      const u0 = process.cpuUsage();
      const r = await w.evaluateOnce();
      const u = process.cpuUsage(u0);
      cpu.push((u.user + u.system) / 1000);
      wall.push(r.durationMs);
      await sleep(200);
    }
    await w.stop();
    console.log(
      `watcher CPU per evaluation of ${n} services (4 rules each, sink attached): median ${median(cpu).toFixed(1)} ms (min ${Math.min(...cpu).toFixed(1)}, max ${Math.max(...cpu).toFixed(1)}); wall median ${median(wall).toFixed(0)} ms`,
    );
  } finally {
    await db.$disconnect();
    await prometheus.stop();
    await database.drop();
    await kubectl(kc, ["delete", "namespace", ns, "--wait=false"]).catch(() => {});
    await stopCluster();
    exporterChild.kill();
  }
  process.exit(0);
}
