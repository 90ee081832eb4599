// The sandbox e2e: starts the whole sandbox stack in this process with the "fast" trigger windows
// (and its own throwaway Postgres data dir), runs e2e/sandbox.spec.ts against it in Chromium, and
// stops everything. `npx tsx scripts/e2e-sandbox.ts [playwright args]`.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../test/prometheus/launcher";
import { ROOT, startSandbox } from "../sandbox/stack";

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rcc-sandbox-e2e-"));
  let status = 1;
  let stop: (() => Promise<void>) | undefined;
  let child: ChildProcess | undefined;
  const cleanup = async () => {
    child?.kill("SIGTERM");
    await stop?.().catch((e) => console.error("[e2e-sandbox] cleanup:", e));
    const log = path.join(dataDir, "logs", "dashboard.log");
    if (status !== 0 && fs.existsSync(log)) {
      fs.mkdirSync(path.join(ROOT, "test-results"), { recursive: true });
      fs.copyFileSync(log, path.join(ROOT, "test-results", "sandbox-dashboard.log"));
      console.log("[e2e-sandbox] dashboard log: test-results/sandbox-dashboard.log");
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.once(sig, () => void cleanup().finally(() => process.exit(130)));
  try {
    const sb = await startSandbox({
      policy: "auto",
      profile: "fast",
      port: await freePort(),
      dataDir,
      log: (m) => console.log(m),
      appLog: () => {},
    });
    stop = sb.stop;
    console.log(`[e2e-sandbox] sandbox up in ${sb.startupMs} ms at ${sb.url}`);
    const env = {
      ...process.env,
      SANDBOX_URL: sb.url,
      DATABASE_URL: sb.databaseUrl,
      KUBECONFIG: sb.kubeconfigPath,
      PROMETHEUS_URL: sb.prometheusUrl,
    };
    const args = ["test", "-c", "playwright.sandbox.config.ts", ...process.argv.slice(2)];
    // Not spawnSync: the demo service and the load generator run in this process's event loop.
    const c = spawn(path.join(ROOT, "node_modules/.bin/playwright"), args, { cwd: ROOT, env, stdio: "inherit" });
    child = c;
    status = await new Promise<number>((resolve) => c.on("exit", (code) => resolve(code ?? 1)));
  } finally {
    await cleanup();
  }
  process.exit(status);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
