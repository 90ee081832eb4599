// Every rollback strategy besides Deployment undo and the flag kill switch (rollback.spec.ts,
// flags.spec.ts), driven by a commander from the incident page: pick the strategy, read and fill
// its form, preview the plan, type the service name, roll back, watch it finish — then check the
// result on the real control plane(s) or the service's real Postgres database.
//
// Form fields are found by their visible labels only (anchored at the start, since a wrapping
// <label> also holds its hint and a select's options), never by `name=` or CSS: the specs must
// keep passing when the forms are rewritten.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { expect, test, type Locator } from "@playwright/test";
import { newSignedInPage } from "./helpers";
import {
  IMG,
  apply,
  confirmAndRollBack,
  createServiceRow,
  deployment,
  drCluster,
  env,
  getJsonOrNull,
  expectDiff,
  getJson,
  kubectl,
  kubectlAt,
  namespace,
  openPlanner,
  previewPlan,
  rolloutStatus,
  sql,
} from "./strategy-fixtures";

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The form control whose label starts with `label`. */
const field = (planner: Locator, label: string) => planner.getByLabel(new RegExp(`^${escape(label)}`));

test.describe.configure({ timeout: 180_000 });

test("blue-green: the commander switches the Service back to blue and scales green to 0", async ({ browser }) => {
  const ns = namespace("bg");
  for (const [color, tag] of [
    ["blue", "3.9"],
    ["green", "3.10"],
  ])
    apply(ns, deployment(`web-${color}`, { image: IMG(tag), labels: { app: "web", color } }));
  apply(ns, {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web" },
    spec: { selector: { app: "web", color: "green" }, ports: [{ port: 80, targetPort: 8080 }] },
  });
  for (const color of ["blue", "green"]) rolloutStatus(ns, `web-${color}`);
  const name = `bg-${ns}`;
  await createServiceRow({
    name,
    namespace: ns,
    deployments: ["web-blue", "web-green"],
    strategyConfig: { blueGreen: { service: "web", stableColor: "blue", badColor: "green" } },
  });
  const { page, context } = await newSignedInPage(browser, "commander");

  const planner = await openPlanner(
    page,
    name,
    "Checkout fails on the green release",
    "Blue-green: switch traffic back",
  );
  await expect(field(planner, "Kubernetes Service")).toHaveValue("web");
  await expect(field(planner, "Selector label")).toHaveValue("color");
  await expect(field(planner, "Stable color")).toHaveValue("blue");
  await expect(field(planner, "Bad color")).toHaveValue("green");
  await field(planner, "Then scale the bad color to 0").check();

  const preview = await previewPlan(page);
  await expectDiff(preview, "selector color", "green", "blue");
  await expectDiff(preview, "replicas web-green", "2", "0");
  await expect(preview).toContainText(
    'Server-side dry run: accepted — the API server accepted the selector app=web,color=blue, then the scale of deployment "web-green" to 0 (dry run)',
  );
  // The preview changed nothing.
  expect(getJson(ns, "service", "web").spec.selector).toEqual({ app: "web", color: "green" });
  expect(getJson(ns, "deployment", "web-green").spec.replicas).toBe(2);

  const action = await confirmAndRollBack(page, name);
  await expect(action).toContainText("switch-selector: succeeded");
  await expect(action).toContainText("scale-down web-green: succeeded");

  expect(getJson(ns, "service", "web").spec.selector).toEqual({ app: "web", color: "blue" });
  expect(getJson(ns, "deployment", "web-green").spec.replicas).toBe(0);
  expect(getJson(ns, "deployment", "web-blue").spec.replicas).toBe(2);
  // What the Service routes to now: blue pods only.
  const slices = getJson(ns, "endpointslices", "-l", "kubernetes.io/service-name=web");
  const pods = slices.items.flatMap((s: any) => (s.endpoints ?? []).map((e: any) => e.targetRef?.name as string));
  expect(pods.length).toBeGreaterThan(0);
  for (const pod of pods) expect(pod).toMatch(/^web-blue-/);
  await context.close();
});

const virtualService = (canaryWeight: number) => ({
  apiVersion: "networking.istio.io/v1",
  kind: "VirtualService",
  metadata: { name: "web" },
  spec: {
    hosts: ["web"],
    http: [
      {
        match: [{ uri: { prefix: "/api" } }],
        route: [
          { destination: { host: "web", subset: "stable" }, weight: 100 - canaryWeight },
          { destination: { host: "web", subset: "canary" }, weight: canaryWeight },
        ],
      },
      { route: [{ destination: { host: "web", subset: "stable" } }] },
    ],
  },
});

test("canary on an Istio VirtualService: the commander steps the canary 5 % → 0 % and scales it to 0", async ({
  browser,
}) => {
  const ns = namespace("istio");
  apply(ns, virtualService(20));
  apply(ns, deployment("web-canary", { image: IMG("3.10") }));
  rolloutStatus(ns, "web-canary");
  const name = `istio-${ns}`;
  await createServiceRow({
    name,
    namespace: ns,
    deployments: ["web-canary"],
    strategyConfig: {
      canary: {
        routeKind: "istio",
        routeName: "web",
        stableBackend: "stable",
        canaryBackend: "canary",
        canaryDeployment: "web-canary",
      },
    },
  });
  const vsWeights = () =>
    getJson(ns, "virtualservice.networking.istio.io", "web").spec.http[0].route.map((r: any) => r.weight);
  const { page, context } = await newSignedInPage(browser, "commander");

  const planner = await openPlanner(page, name, "Canary of web doubles the error rate", "Canary: drain and remove");
  await field(planner, "Route kind").selectOption({ label: "Istio VirtualService" });
  await expect(field(planner, "Route name")).toHaveValue("web");
  await expect(field(planner, "Stable backend")).toHaveValue("stable");
  await expect(field(planner, "Canary backend")).toHaveValue("canary");
  await expect(field(planner, "Canary Deployment")).toHaveValue("web-canary");
  await field(planner, "Weight steps (%)").fill("5, 0");
  await field(planner, "Pause between steps (ms)").fill("1000");
  await field(planner, "Then").selectOption({ label: "Scale the canary to 0" });

  const preview = await previewPlan(page);
  await expect(preview).toContainText(
    'Step "canary" down in VirtualService "web" through 5% → 0%, pausing 1s between steps, then scale to 0 deployment "web-canary".',
  );
  await expectDiff(preview, "weight canary (rule 0)", "20", "0");
  await expectDiff(preview, "weight stable (rule 0)", "80", "100");
  await expectDiff(preview, "replicas web-canary", "2", "0");
  await expect(preview).toContainText(
    'Server-side dry run: accepted — the API server accepted canary weight 0, then the scale of deployment "web-canary" to 0 (dry run)',
  );
  expect(vsWeights()).toEqual([80, 20]);
  expect(getJson(ns, "deployment", "web-canary").spec.replicas).toBe(2);

  const action = await confirmAndRollBack(page, name);
  for (const step of ["weight-5", "weight-0", "scale-to-zero"])
    await expect(action).toContainText(`${step}: succeeded`);

  expect(vsWeights()).toEqual([100, 0]);
  const vs = getJson(ns, "virtualservice.networking.istio.io", "web");
  expect(vs.spec.http[1].route).toEqual([{ destination: { host: "web", subset: "stable" } }]); // the catch-all rule is left alone
  expect(getJson(ns, "deployment", "web-canary").spec.replicas).toBe(0);
  await context.close();
});

test("canary on a Gateway API HTTPRoute: the commander drains the configured route and deletes its Deployment", async ({
  browser,
}) => {
  const ns = namespace("gw");
  apply(ns, {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "shop" },
    spec: {
      parentRefs: [{ name: "gw" }],
      rules: [
        {
          backendRefs: [
            { name: "shop-stable", port: 80, weight: 90 },
            { name: "shop-canary", port: 80, weight: 10 },
          ],
        },
      ],
    },
  });
  apply(ns, deployment("shop-canary", { image: IMG("3.10") }));
  rolloutStatus(ns, "shop-canary");
  // The route comes from the catalog (the server refuses any other); the form shows it read-only.
  const name = `gw-${ns}`;
  await createServiceRow({
    name,
    namespace: ns,
    deployments: ["shop-canary"],
    strategyConfig: {
      canary: {
        routeKind: "gateway",
        routeName: "shop",
        stableBackend: "shop-stable",
        canaryBackend: "shop-canary",
        canaryDeployment: "shop-canary",
      },
    },
  });
  const routeWeights = () =>
    getJson(ns, "httproute.gateway.networking.k8s.io", "shop").spec.rules[0].backendRefs.map((b: any) => [
      b.name,
      b.weight,
    ]);
  const { page, context } = await newSignedInPage(browser, "commander");

  const planner = await openPlanner(page, name, "Shop canary times out", "Canary: drain and remove");
  await field(planner, "Route kind").selectOption({ label: "Gateway API HTTPRoute" });
  await expect(field(planner, "Route name")).toHaveValue("shop");
  await expect(field(planner, "Route name")).not.toBeEditable();
  await expect(field(planner, "Stable backend")).toHaveValue("shop-stable");
  await expect(field(planner, "Canary backend")).toHaveValue("shop-canary");
  await field(planner, "Weight steps (%)").fill("0");
  await field(planner, "Pause between steps (ms)").fill("0");
  await expect(field(planner, "Canary Deployment")).toHaveValue("shop-canary");
  await field(planner, "Then").selectOption({ label: "Delete the canary Deployment" });

  const preview = await previewPlan(page);
  await expect(preview).toContainText(
    'Step "shop-canary" down in HTTPRoute "shop" through 0%, then delete deployment "shop-canary".',
  );
  await expectDiff(preview, "weight shop-canary (rule 0)", "10", "0");
  await expectDiff(preview, "weight shop-stable (rule 0)", "90", "100");
  await expectDiff(preview, "deployment shop-canary", "exists", "deleted");
  await expect(preview).toContainText(
    'Server-side dry run: accepted — the API server accepted canary weight 0, then the delete of deployment "shop-canary" (dry run)',
  );
  expect(routeWeights()).toEqual([
    ["shop-stable", 90],
    ["shop-canary", 10],
  ]);
  expect(getJsonOrNull(ns, ["deployment", "shop-canary"])).not.toBeNull();

  const action = await confirmAndRollBack(page, name);
  for (const step of ["weight-0", "delete"]) await expect(action).toContainText(`${step}: succeeded`);

  expect(routeWeights()).toEqual([
    ["shop-stable", 100],
    ["shop-canary", 0],
  ]);
  await expect.poll(() => getJsonOrNull(ns, ["deployment", "shop-canary"]), { timeout: 30_000 }).toBeNull();
  await context.close();
});

/** `user@host:port/database`, as plans show a service database (never its URL). */
const dbLabel = (urlEnv: string) => {
  const u = new URL(env(urlEnv));
  return `${decodeURIComponent(u.username) || "postgres"}@${u.hostname}:${u.port || 5432}${u.pathname}`;
};

test("database down-migration: the commander reviews the runbook, previews read-only, and the column is dropped", async ({
  browser,
}) => {
  const urlEnv = env("E2E_MIGRATION_DB_ENV");
  // The service's database at schema version 20261101, which added orders.status.
  await sql(
    urlEnv,
    `
    DROP TABLE IF EXISTS orders, schema_migrations;
    CREATE TABLE schema_migrations (version text NOT NULL);
    INSERT INTO schema_migrations VALUES ('20261101');
    CREATE TABLE orders (id serial PRIMARY KEY, total numeric NOT NULL, status text NOT NULL DEFAULT 'new');
    INSERT INTO orders (total, status) VALUES (10, 'new'), (20, 'paid'), (30, 'shipped');`,
  );
  const statusColumns = async () =>
    (
      await sql<{ n: number }>(
        urlEnv,
        "SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'status'",
      )
    )[0].n;
  const version = async () =>
    (await sql<{ version: string }>(urlEnv, "SELECT version FROM schema_migrations")).map((r) => r.version);
  const runbook = {
    name: "20261101_orders_status down",
    sql: "ALTER TABLE orders DROP COLUMN status;\nUPDATE schema_migrations SET version = '20261001';",
    precheckSql: "SELECT version FROM schema_migrations",
    expectedVersion: "20261101",
    verifySql: "SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'status'",
    expectedResult: "0",
  };
  const name = `orders-db-${crypto.randomBytes(3).toString("hex")}`;
  await createServiceRow({
    name,
    namespace: "default",
    deployments: [],
    strategyConfig: { database: { urlEnv, runbook } },
  });
  const { page, context } = await newSignedInPage(browser, "commander");

  const planner = await openPlanner(
    page,
    name,
    "Orders API fails after the status migration",
    "Database: down-migration",
  );
  await expect(field(planner, "Database (server env var)")).toHaveValue(urlEnv);
  await expect(field(planner, "Database (server env var)")).not.toBeEditable();
  await expect(field(planner, "Runbook name")).toHaveValue(runbook.name);
  await expect(field(planner, "Down-migration SQL")).toHaveValue(runbook.sql);
  await expect(field(planner, "Pre-check query")).toHaveValue(runbook.precheckSql);
  await expect(field(planner, "Expected schema version")).toHaveValue(runbook.expectedVersion);
  await expect(field(planner, "Verification query")).toHaveValue(runbook.verifySql);
  await expect(field(planner, "Expected verification result")).toHaveValue(runbook.expectedResult);
  await field(planner, "Lock timeout (ms)").fill("3000");

  const preview = await previewPlan(page);
  await expect(preview).toContainText(
    `Run "${runbook.name}" on ${dbLabel(urlEnv)} in one transaction: pre-check must return "20261101" (now "20261101"), verification must return "0"`,
  );
  await expectDiff(
    preview,
    `database ${dbLabel(urlEnv)}`,
    "schema version 20261101",
    "down-migration, then verification = 0",
  );
  await expectDiff(preview, "sql", "—", runbook.sql);
  await expectDiff(preview, "statements", "—", "2: ALTER TABLE, UPDATE (run only on Roll back, in one transaction)");
  await expectDiff(preview, "pre-check", runbook.precheckSql, "20261101");
  await expectDiff(preview, "verification", `${runbook.verifySql} → "1" now`, "0");
  await expect(preview.getByRole("listitem")).toHaveCount(0); // no warnings
  await expect(preview).not.toContainText(env(urlEnv)); // the URL stays on the server
  // Previews never write: the down-migration has not run.
  expect(await statusColumns()).toBe(1);
  expect(await version()).toEqual(["20261101"]);

  const action = await confirmAndRollBack(page, name);
  for (const step of ["pre-check", "migrate", "verify", "commit"])
    await expect(action).toContainText(`${step}: succeeded`);

  expect(await statusColumns()).toBe(0);
  expect(await version()).toEqual(["20261001"]);
  expect(await sql(urlEnv, "SELECT id, total::text FROM orders ORDER BY id")).toEqual([
    { id: 1, total: "10" },
    { id: 2, total: "20" },
    { id: 3, total: "30" },
  ]);
  await context.close();
});

test("database table restore: the commander names the backup, previews read-only, and the rows come back", async ({
  browser,
}) => {
  const urlEnv = env("E2E_RESTORE_DB_ENV");
  const rows = () => sql(urlEnv, "SELECT id, total::text, updated_at FROM orders ORDER BY id");
  await sql(
    urlEnv,
    `
    DROP TABLE IF EXISTS orders;
    CREATE TABLE orders (id serial PRIMARY KEY, total numeric NOT NULL, updated_at timestamptz NOT NULL DEFAULT now() - interval '1 hour');
    INSERT INTO orders (total) SELECT g * 10 FROM generate_series(1, 5) g;`,
  );
  const good = await rows();
  const backup = path.join(env("E2E_DB_BACKUP_DIR"), `orders-${crypto.randomBytes(3).toString("hex")}.dump`);
  execFileSync("pg_dump", ["-Fc", "-f", backup, env(urlEnv)]);
  // The bad deploy: two rows lost, one corrupted, one new.
  await sql(
    urlEnv,
    "DELETE FROM orders WHERE id IN (2, 3); UPDATE orders SET total = -1, updated_at = now() WHERE id = 1; INSERT INTO orders (total) VALUES (99);",
  );
  const bad = await rows();
  const name = `orders-restore-${crypto.randomBytes(3).toString("hex")}`;
  await createServiceRow({
    name,
    namespace: "default",
    deployments: [],
    strategyConfig: { database: { urlEnv, restore: { table: "public.orders" } } },
  });
  const { page, context } = await newSignedInPage(browser, "commander");

  const planner = await openPlanner(
    page,
    name,
    "Orders lost after the cleanup job",
    "Database: restore a table from backup",
  );
  await expect(field(planner, "Database (server env var)")).toHaveValue(urlEnv);
  await expect(field(planner, "Table")).toHaveValue("public.orders");
  await field(planner, "Backup file").fill(backup);
  await field(planner, "Last-update column").fill("updated_at");
  await field(planner, "Lock timeout (ms)").fill("3000");

  const preview = await previewPlan(page);
  await expect(preview).toContainText(
    `Replace every row of public.orders on ${dbLabel(urlEnv)} with the 5 rows of backup ${backup}`,
  );
  await expectDiff(preview, "rows public.orders", "4", "5");
  await expectDiff(
    preview,
    "sql",
    "—",
    /TRUNCATE TABLE "public"\."orders";.*COPY "public"\."orders" FROM stdin;\s+-- 5 rows from the backup/s,
  );
  await expectDiff(
    preview,
    "read-only checks",
    "—",
    "TRUNCATE and INSERT allowed; no foreign key points here; the table has every column the backup fills (3)",
  );
  await expect(preview.getByRole("listitem")).toHaveCount(0);
  await expect(preview).not.toContainText(env(urlEnv));
  expect(await rows()).toEqual(bad); // the preview only read

  const action = await confirmAndRollBack(page, name);
  for (const step of ["restore", "check"]) await expect(action).toContainText(`${step}: succeeded`);

  expect(await rows()).toEqual(good);
  await context.close();
});

test("DR failover: the commander runs the last known good Deployment in the DR cluster", async ({ browser }) => {
  const dr = drCluster();
  // Primary: revision 1 (pause:3.9) is good, revision 2 (pause:3.10) the bad deploy.
  const ns = namespace("dr");
  for (const image of [IMG("3.9"), IMG("3.10")]) {
    apply(ns, deployment("web", { image, replicas: 3 }));
    rolloutStatus(ns, "web");
  }
  kubectlAt(dr.kubeconfig, ["create", "namespace", ns]);
  const drDeployment = () => getJsonOrNull(ns, ["deployment", "web"], dr.kubeconfig);
  const name = `dr-${ns}`;
  const bridgeLine = "https://meet.example.com/web-sev1";
  await createServiceRow({
    name,
    namespace: ns,
    deployments: ["web"],
    strategyConfig: { dr: { context: dr.context, kubeconfigEnv: dr.kubeconfigEnv, bridgeLine } },
  });
  const { page, context } = await newSignedInPage(browser, "commander");

  const planner = await openPlanner(page, name, "Primary cluster is down", "Disaster recovery failover");
  await field(planner, "Step").selectOption({ label: "1. Fail over to the DR cluster" });
  await field(planner, "Deployment").selectOption({ label: "web" });
  await expect(field(planner, "DR cluster context")).toHaveValue(dr.context);
  await expect(field(planner, "DR namespace")).toHaveValue(ns);
  await field(planner, "Last known good").selectOption({ label: "Previous revision (as rollout undo)" });
  await field(planner, "Replicas in DR").fill("2");
  await expect(planner).toContainText(`Bridge: ${bridgeLine}`);

  const preview = await previewPlan(page);
  await expect(preview).toContainText(
    `DR escalation for "web": failover; runs ${kubectl(["config", "current-context"]).trim()}/${ns}/web revision 1 in ${dr.context}/${ns}.`,
  );
  await expectDiff(preview, "dr deployment web", "absent", `app=${IMG("3.9")} ×2`);
  await expect(preview).toContainText(
    `Server-side dry run: accepted — the DR API server (${dr.context}) accepted the Deployment (dry run)`,
  );
  expect(drDeployment()).toBeNull();

  const action = await confirmAndRollBack(page, name);
  await expect(action).toContainText("failover: succeeded");

  const applied = drDeployment();
  expect(applied.spec.template.spec.containers.map((c: any) => c.image)).toEqual([IMG("3.9")]);
  expect(applied.spec.replicas).toBe(2);
  expect(applied.status.readyReplicas).toBe(2);
  expect(applied.metadata.annotations["rollback-command-center.dev/failover-from"]).toMatch(/revision 1$/);
  // The primary is left as it was.
  expect(getJson(ns, "deployment", "web").spec.template.spec.containers[0].image).toBe(IMG("3.10"));
  await context.close();
});
