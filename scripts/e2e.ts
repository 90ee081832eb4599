// Runs the Playwright suite against a production build with the real services the product talks
// to: a fresh migrated and seeded database, a Kubernetes control plane, and Prometheus scraping
// a test-controlled exporter. The app and the specs get their addresses through the environment.
import { spawn } from "node:child_process";
import path from "node:path";
import { createDatabase } from "../test/postgres/database";
import { startCluster } from "../test/cluster/launcher";
import { startExporter } from "../test/prometheus/exporter";
import { startPrometheus } from "../test/prometheus/launcher";
import { seed } from "../prisma/seed";

const root = path.resolve(import.meta.dirname, "..");

async function main() {
  const stops: (() => Promise<unknown>)[] = [];
  let status = 1;
  try {
    const database = await createDatabase("rcc_e2e");
    stops.push(() => (process.env.KEEP_TEST_DB ? Promise.resolve() : database.drop()));
    await seed(database.url);
    const cluster = await startCluster({ name: "e2e" });
    stops.push(() => cluster.stop());
    const exporter = await startExporter();
    stops.push(() => exporter.stop());
    const prometheus = await startPrometheus({ scrapeTargets: [`127.0.0.1:${exporter.port}`], scrapeIntervalSec: 1 });
    stops.push(() => prometheus.stop());
    console.log(`[e2e] database ${database.name}, cluster ${cluster.server} (${cluster.version}), prometheus ${prometheus.url}`);

    const env = {
      ...process.env,
      DATABASE_URL: database.url,
      AUTH_SECRET: "e2e-secret-0123456789abcdef0123456789",
      NEXT_TELEMETRY_DISABLED: "1",
      KUBECONFIG: cluster.kubeconfigPath,
      PROMETHEUS_URL: prometheus.url,
      E2E_EXPORTER_URL: exporter.url,
      RCC_BACKGROUND: "on",
      RCC_TRIGGER_INTERVAL_MS: "1000",
    };
    const args = ["test", ...process.argv.slice(2)];
    // Not spawnSync: the exporter lives in this process and must keep answering Prometheus.
    const child = spawn(path.join(root, "node_modules/.bin/playwright"), args, { cwd: root, env, stdio: "inherit" });
    status = await new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
  } finally {
    for (const stop of stops.reverse()) await stop().catch((e) => console.error("[e2e] cleanup:", e));
  }
  process.exit(status);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
