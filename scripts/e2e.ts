// Runs the Playwright suite against a production build with the real services the product talks
// to: a fresh migrated and seeded database, a Kubernetes control plane (and a second one as the
// disaster-recovery cluster), Prometheus scraping a test-controlled exporter, and throwaway service
// databases plus a backup directory for the database strategies. The app and the specs get their
// addresses through the environment, read by the server once at start.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { adminQuery as admin, createDatabase, databaseUrlFor, ensurePostgres } from "../test/postgres/database";
import { startCluster } from "../test/cluster/launcher";
import { ensureHelm } from "../test/helm/helm";
import { startExporter } from "../test/prometheus/exporter";
import { startPrometheus } from "../test/prometheus/launcher";
import { seed } from "../prisma/seed";
import { startEmptyDashboard, wantsEmptyDashboard } from "./e2e-empty-dashboard";
import { startSsoDashboard, wantsSsoDashboard } from "./e2e-sso-dashboard";

const root = path.resolve(import.meta.dirname, "..");

/** An empty database standing in for a service's own; the specs create its tables. */
async function serviceDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  await ensurePostgres();
  const name = `rcc_e2e_svc_${label}_${Date.now().toString(36)}_${process.pid}`;
  await admin(`CREATE DATABASE "${name}"`);
  return { url: databaseUrlFor(name), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/**
 * The catalog file the app loads at start (RCC_CATALOG): the "checkout" service e2e/comms.spec.ts
 * declares its incident on. The seed creates no services, so this also proves the file path end to end.
 */
const E2E_CATALOG = `apiVersion: rollback-command-center.io/v1
kind: ServiceCatalog
services:
  - name: checkout
    description: "e2e: the service the comms spec declares its incident on."
    deployments: [checkout]
`;

async function main() {
  const stops: (() => Promise<unknown>)[] = [];
  let status = 1;
  try {
    const database = await createDatabase("rcc_e2e");
    stops.push(() => (process.env.KEEP_TEST_DB ? Promise.resolve() : database.drop()));
    await seed(database.url, { users: "embedded-known-passwords" }); // a throwaway test database
    const [cluster, drCluster] = await Promise.all([
      startCluster({ name: "e2e" }),
      startCluster({ name: "e2e-dr", nodes: 1 }),
    ]);
    stops.push(
      () => cluster.stop(),
      () => drCluster.stop(),
    );
    const [migrationDb, restoreDb] = await Promise.all([serviceDatabase("migration"), serviceDatabase("restore")]);
    stops.push(
      () => migrationDb.drop(),
      () => restoreDb.drop(),
    );
    const backupDir = await mkdtemp(path.join(os.tmpdir(), "rcc-e2e-backups-"));
    stops.push(() => rm(backupDir, { recursive: true, force: true }));
    const catalogDir = await mkdtemp(path.join(os.tmpdir(), "rcc-e2e-catalog-"));
    stops.push(() => rm(catalogDir, { recursive: true, force: true }));
    const catalogPath = path.join(catalogDir, "catalog.yaml");
    await writeFile(catalogPath, E2E_CATALOG);
    // The real helm (test/helm/build.sh, cached): the server's Helm rollback runs it, the Helm spec installs with it.
    const helmBin = ensureHelm();
    const exporter = await startExporter();
    stops.push(() => exporter.stop());
    const prometheus = await startPrometheus({ scrapeTargets: [`127.0.0.1:${exporter.port}`], scrapeIntervalSec: 1 });
    stops.push(() => prometheus.stop());
    console.log(
      `[e2e] database ${database.name}, cluster ${cluster.server} (${cluster.version}), DR cluster ${drCluster.server}, prometheus ${prometheus.url}`,
    );

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
      RCC_CATALOG: catalogPath,
      // The strategies' service settings, as an operator would set them on the server; the specs
      // learn the names (never guess them) from the E2E_* variables.
      RCC_SERVICE_E2E_MIGRATION_URL: migrationDb.url,
      RCC_SERVICE_E2E_RESTORE_URL: restoreDb.url,
      RCC_DB_BACKUP_DIRS: backupDir,
      RCC_SERVICE_E2E_DR_KUBECONFIG: drCluster.kubeconfigPath,
      E2E_MIGRATION_DB_ENV: "RCC_SERVICE_E2E_MIGRATION_URL",
      E2E_RESTORE_DB_ENV: "RCC_SERVICE_E2E_RESTORE_URL",
      E2E_DB_BACKUP_DIR: backupDir,
      E2E_DR_KUBECONFIG_ENV: "RCC_SERVICE_E2E_DR_KUBECONFIG",
      E2E_DR_KUBECONFIG: drCluster.kubeconfigPath,
      // The launcher names the kubeconfig's only context after the cluster.
      E2E_DR_CONTEXT: drCluster.name,
      RCC_HELM_BIN: helmBin,
      E2E_HELM_BIN: helmBin,
    };
    const args = ["test", ...process.argv.slice(2)];
    // The onboarding spec's dashboard with an empty catalog (same cluster and Prometheus).
    const specEnv: NodeJS.ProcessEnv = { ...env };
    if (wantsEmptyDashboard(process.argv.slice(2))) {
      const empty = await startEmptyDashboard(env, Number(process.env.E2E_EMPTY_PORT ?? 3101));
      stops.push(() => empty.stop());
      specEnv.E2E_EMPTY_BASE_URL = empty.url;
    }
    // The OIDC spec's dashboard: sign-in through a real OpenID provider, a group policy file.
    if (wantsSsoDashboard(process.argv.slice(2))) {
      const sso = await startSsoDashboard(env, Number(process.env.E2E_SSO_PORT ?? 3102));
      stops.push(() => sso.stop());
      specEnv.E2E_SSO_BASE_URL = sso.url;
      specEnv.E2E_OIDC_ISSUER = sso.issuer;
    }
    // Not spawnSync: the exporter lives in this process and must keep answering Prometheus.
    const child = spawn(path.join(root, "node_modules/.bin/playwright"), args, {
      cwd: root,
      env: specEnv,
      stdio: "inherit",
    });
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
