// Two production servers (the standalone build in .next/rcc-server, `node server.js`) on one fresh
// Postgres database and one Kubernetes control plane, with the background loops on and a runner
// heartbeat short enough that a killed replica's rollback is taken over in seconds. Then Playwright
// runs e2e/replicas/ (its own config; the main e2e run ignores that folder): the spec puts a
// round-robin TCP proxy in front of both replicas (e2e/tcp-proxy.ts) and SIGKILLs one mid-rollout.
// Run after `npm run build:server`: npx tsx scripts/e2e-replicas.ts [playwright args]
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createDatabase } from "../test/postgres/database";
import { startCluster } from "../test/cluster/launcher";
import { seed } from "../prisma/seed";

const root = path.resolve(import.meta.dirname, "..");
const serverDir = path.resolve(root, process.env.RCC_SERVER_DIR ?? ".next/rcc-server");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

type Replica = { port: number; pid: number; child: ChildProcess; logPath: string; exited: Promise<number | null> };

function startReplica(env: NodeJS.ProcessEnv, port: number, logPath: string): Replica {
  // node itself, not a wrapper: the pid the spec kills is the process that serves and runs rollbacks.
  const child = spawn(process.execPath, ["server.js"], {
    cwd: serverDir,
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = createWriteStream(logPath);
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { port, pid: child.pid!, child, logPath, exited };
}

async function waitReady(r: Replica, ms = 90_000) {
  const end = Date.now() + ms;
  let gone = false;
  void r.exited.then(() => (gone = true));
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${r.port}/api/ready`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    if (gone || Date.now() > end) {
      throw new Error(`replica on :${r.port} did not become ready:\n${readFileSync(r.logPath, "utf8").slice(-4000)}`);
    }
    await new Promise((res) => setTimeout(res, 300));
  }
}

async function main() {
  if (!existsSync(path.join(serverDir, "server.js"))) {
    throw new Error(`no standalone server in ${serverDir}: run \`npm run build:server\` first`);
  }
  const stops: (() => Promise<unknown>)[] = [];
  let status = 1;
  try {
    const database = await createDatabase("rcc_e2e_replicas");
    stops.push(() => (process.env.KEEP_TEST_DB ? Promise.resolve() : database.drop()));
    await seed(database.url, { users: "embedded-known-passwords" }); // a throwaway test database
    const cluster = await startCluster({ name: "e2e-replicas" });
    stops.push(() => cluster.stop());
    const logDir = await mkdtemp(path.join(os.tmpdir(), "rcc-e2e-replicas-"));
    console.log(`[e2e-replicas] database ${database.name}, cluster ${cluster.server}, server logs in ${logDir}`);

    const serverEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: database.url,
      AUTH_SECRET: "e2e-replicas-secret-0123456789abcdef",
      AUTH_TRUST_HOST: "true",
      NEXT_TELEMETRY_DISABLED: "1",
      KUBECONFIG: cluster.kubeconfigPath,
      RCC_BACKGROUND: "on",
      // A takeover within seconds of the kill: the stale time is a few heartbeats, and above the
      // idle-in-transaction timeout that frees the dead replica's row locks (lib/env.ts).
      RCC_RUNNER_HEARTBEAT_MS: "500",
      RCC_RUNNER_STALE_MS: "4000",
      RCC_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: "2000",
      RCC_SHUTDOWN_DEADLINE_MS: "10000",
    };
    const ports = [await freePort(), await freePort()];
    const replicas = ports.map((port, i) => startReplica(serverEnv, port, path.join(logDir, `replica-${i + 1}.log`)));
    stops.push(async () => {
      for (const r of replicas) r.child.kill("SIGKILL"); // the spec killed one already; no drain needed
      await Promise.all(replicas.map((r) => r.exited));
      if (status === 0) await rm(logDir, { recursive: true, force: true });
    });
    await Promise.all(replicas.map((r) => waitReady(r)));
    console.log(`[e2e-replicas] replicas ready: ${replicas.map((r) => `:${r.port} (pid ${r.pid})`).join(", ")}`);

    const child = spawn(
      path.join(root, "node_modules/.bin/playwright"),
      ["test", "-c", "e2e/replicas/playwright.config.ts", ...process.argv.slice(2)],
      {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          KUBECONFIG: cluster.kubeconfigPath,
          E2E_REPLICAS: JSON.stringify(replicas.map(({ port, pid }) => ({ port, pid }))),
        },
        stdio: "inherit",
      },
    );
    status = await new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
    if (status !== 0) console.error(`[e2e-replicas] failed; the replicas' logs are in ${logDir}`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch((e) => console.error("[e2e-replicas] cleanup:", e));
  }
  process.exit(status);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
