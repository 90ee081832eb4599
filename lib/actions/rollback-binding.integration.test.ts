// Rollbacks bound to the service's catalog entry, through the server actions on the real control
// plane and Postgres: params naming another service's Deployment, canary route, flag source,
// database or DR target are refused with the reason, and nothing is written; the same params inside
// the service plan. DR steps only read the variables the service names, and their errors never
// show what a variable holds.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runAs, type ActingUser } from "@/lib/auth/acting-user";
import { db } from "@/lib/db";
import { kubeClients } from "@/lib/k8s/clients";
import { planRollbackAction } from "@/lib/actions/plan-rollback";
import { startRollbackAction } from "@/lib/actions/start-rollback";
import { eventsAfter } from "@/lib/incidents/timeline";
import { IMG, apply, createNamespace, deleteNamespace, deployment, waitObserved } from "@/test/k8s/helpers";
import { adminQuery, databaseUrlFor, ensurePostgres } from "@/test/postgres/database";
import { userWithRole } from "@/test/helpers/users";

const kubeconfig = inject("kubeconfig");
process.env.KUBECONFIG = kubeconfig;
const SECRET = `S3cr3t-${randomBytes(4).toString("hex")}`;
const tag = randomBytes(3).toString("hex").toUpperCase();
const ENV = {
  db: `RCC_SERVICE_BIND_${tag}_DB`,
  otherDb: `RCC_SERVICE_BIND_${tag}_OTHER_DB`,
  pagingUrl: `RCC_SERVICE_BIND_${tag}_PAGING_URL`,
  pagingKey: `RCC_SERVICE_BIND_${tag}_PAGING_KEY`,
  leakyKubeconfig: `RCC_SERVICE_BIND_${tag}_DR_KUBECONFIG`,
};

let ns: string;
let primaryContext: string;
let commander: ActingUser;
let dbName: string;

const runbook = {
  name: "20261101 down",
  sql: "ALTER TABLE orders DROP COLUMN status;",
  precheckSql: "SELECT version FROM schema_migrations",
  expectedVersion: "20261101",
  verifySql: "SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'status'",
  expectedResult: "0",
};

/** The shop service: one of everything, each a real object on the cluster or in Postgres. */
async function shop(name: string, dr: object = { context: primaryContext }) {
  const service = await db.service.create({
    data: {
      name: `${name}-${ns}`,
      namespace: ns,
      deployments: ["web"],
      rolloutTimeoutSec: 60,
      strategyConfig: {
        canary: { routeKind: "gateway", routeName: "web", stableBackend: "web-stable", canaryBackend: "web-canary" },
        flags: { source: "featureflag-cr", name: "shop-flags" },
        database: { urlEnv: ENV.db, runbooks: [runbook] },
        dr,
      },
    },
  });
  const incident = await db.incident.create({
    data: { title: `${name} is failing`, severity: "P1", serviceId: service.id },
  });
  return { service, incident };
}

const plan = (incidentId: string, serviceId: string, strategy: string, params: Record<string, unknown>) =>
  runAs(commander, () =>
    planRollbackAction({
      incidentId,
      serviceId,
      strategy,
      params,
      idempotencyKey: `bind-${randomBytes(6).toString("hex")}`,
    }),
  );

const written = async (incidentId: string) => ({
  actions: await db.rollbackAction.count({ where: { incidentId } }),
  events: await db.timelineEvent.count({ where: { incidentId } }),
});

beforeAll(async () => {
  ns = await createNamespace(kubeconfig, "bind");
  primaryContext = kubeClients(undefined, kubeconfig).context;
  commander = await userWithRole("commander", "bind");
  // web: revision 1 good, revision 2 bad (an undo has somewhere to go back to).
  await apply(kubeconfig, ns, deployment("web", { image: IMG("3.9"), replicas: 1 }));
  await waitObserved(kubeconfig, ns, "web");
  await apply(kubeconfig, ns, deployment("web", { image: IMG("3.10"), replicas: 1 }));
  await waitObserved(kubeconfig, ns, "web");
  await apply(kubeconfig, ns, {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "web" },
    spec: {
      parentRefs: [{ name: "gw" }],
      rules: [
        {
          backendRefs: [
            { name: "web-stable", port: 80, weight: 90 },
            { name: "web-canary", port: 80, weight: 10 },
          ],
        },
      ],
    },
  });
  await apply(kubeconfig, ns, {
    apiVersion: "core.openfeature.dev/v1beta1",
    kind: "FeatureFlag",
    metadata: { name: "shop-flags" },
    spec: {
      flagSpec: {
        flags: { "new-checkout": { state: "ENABLED", variants: { on: true, off: false }, defaultVariant: "on" } },
      },
    },
  });
  await ensurePostgres();
  dbName = `rcc_bind_${randomBytes(4).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${dbName}"`);
  const c = new pg.Client({ connectionString: databaseUrlFor(dbName) });
  await c.connect();
  await c.query(`
    CREATE TABLE schema_migrations (version text NOT NULL);
    INSERT INTO schema_migrations VALUES ('20261101');
    CREATE TABLE orders (id serial PRIMARY KEY, status text NOT NULL DEFAULT 'new');`);
  await c.end();
  Object.assign(process.env, {
    [ENV.db]: databaseUrlFor(dbName),
    [ENV.otherDb]: databaseUrlFor(dbName),
    // Values a commander must never see: what a misnamed variable might hold.
    [ENV.pagingUrl]: `postgres://pager:${SECRET}@db.internal:5432/pager`,
    [ENV.pagingKey]: `routing-${SECRET}`,
    [ENV.leakyKubeconfig]: `postgres://app:${SECRET}@db.internal:5432/app`,
  });
}, 180_000);

afterAll(async () => {
  await deleteNamespace(kubeconfig, ns);
  if (dbName) await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {});
});

describe("rollbacks bound to the service's configuration", () => {
  const canary = { routeKind: "gateway", routeName: "web", stableBackend: "web-stable", canaryBackend: "web-canary" };
  const flag = { source: "featureflag-cr", name: "shop-flags", flagKey: "new-checkout" };
  const dr = () => ({ deployment: "web", steps: "bridge", drContext: primaryContext });
  const cases: [string, string, () => Record<string, unknown>, () => Record<string, unknown>, RegExp][] = [
    [
      "another service's Deployment",
      "deployment-undo",
      () => ({ deployment: "web" }),
      () => ({ deployment: "payments" }),
      /Deployment "payments" is not configured for this service \(configured: "web"\)/,
    ],
    [
      "another canary route",
      "canary",
      () => ({ ...canary, steps: [0], pauseMs: 0 }),
      () => ({ ...canary, routeName: "payments", steps: [0], pauseMs: 0 }),
      /route "gateway\/payments" is not configured for this service \(configured: "gateway\/web"\)/,
    ],
    [
      "another flag source",
      "feature-flag",
      () => flag,
      () => ({ ...flag, name: "payments-flags" }),
      /flag source .*payments-flags.* is not configured for this service/,
    ],
    [
      "another database (env var)",
      "db-migration",
      () => ({ urlEnv: ENV.db, ...runbook }),
      () => ({ urlEnv: ENV.otherDb, ...runbook }),
      new RegExp(`database "${ENV.otherDb}" is not configured for this service \\(configured: "${ENV.db}"\\)`),
    ],
    [
      "another DR target",
      "dr-failover",
      dr,
      () => ({ ...dr(), drContext: "payments-dr" }),
      /DR context "payments-dr" is not configured for this service/,
    ],
  ];

  for (const [what, strategy, inside, outside, reason] of cases) {
    it(`refuses ${what} with the reason and writes nothing; inside the service it plans`, async () => {
      const { service, incident } = await shop(strategy);
      const refused = await plan(incident.id, service.id, strategy, outside());
      expect(refused).toMatchObject({ ok: false, code: "forbidden" });
      expect(refused.ok ? "" : refused.error).toMatch(new RegExp(`^Refused: this rollback reaches outside`));
      expect(refused.ok ? "" : refused.error).toMatch(reason);
      expect(await written(incident.id)).toEqual({ actions: 0, events: 0 });

      const planned = await plan(incident.id, service.id, strategy, inside());
      expect(planned.ok, planned.ok ? "" : planned.error).toBe(true);
      expect(await written(incident.id)).toEqual({ actions: 1, events: 1 });
      expect((await eventsAfter(incident.id))[0].kind).toBe("rollback.planned");
    });
  }

  it("refuses a strategy the service does not configure", async () => {
    const { service, incident } = await shop("bare");
    const r = await plan(incident.id, service.id, "blue-green", {
      service: "web",
      stableColor: "blue",
      badColor: "green",
    });
    expect(r).toMatchObject({ ok: false, code: "forbidden" });
    expect(r.ok ? "" : r.error).toMatch(/blue-green is not configured for this service/);
    expect(await written(incident.id)).toEqual({ actions: 0, events: 0 });
  });

  it("checks again at confirm: a plan the service no longer configures does not start", async () => {
    const { service, incident } = await shop("moved");
    const planned = await plan(incident.id, service.id, "deployment-undo", { deployment: "web" });
    const id = planned.ok ? planned.data.actionId : "";
    await db.service.update({ where: { id: service.id }, data: { deployments: ["web-v2"] } });
    // What the client sends about approval or the service changes nothing: only the stored row counts.
    const started = await runAs(commander, () =>
      startRollbackAction({ actionId: id, confirmation: service.name, needsSecondApprover: false, serviceId: "x" }),
    );
    expect(started).toMatchObject({ ok: false, code: "forbidden" });
    expect(started.ok ? "" : started.error).toMatch(/Deployment "web" is not configured for this service/);
    expect((await db.rollbackAction.findUniqueOrThrow({ where: { id } })).state).toBe("planned");
    expect((await eventsAfter(incident.id)).map((e) => e.kind)).toEqual(["rollback.planned"]);
  });
});

describe("DR steps and the variables they read", () => {
  it("a DR variable the service does not name is refused before it is read", async () => {
    const { service, incident } = await shop("dr-env", { context: primaryContext, pagingUrlEnv: ENV.pagingUrl });
    const r = await plan(incident.id, service.id, "dr-failover", {
      deployment: "web",
      steps: "page",
      drContext: primaryContext,
      pagingUrlEnv: ENV.db,
      pagingRoutingKeyEnv: ENV.pagingKey,
    });
    expect(r).toMatchObject({ ok: false, code: "forbidden" });
    expect(r.ok ? "" : r.error).toContain(
      `paging URL variable "${ENV.db}" is not configured for this service (configured: "${ENV.pagingUrl}")`,
    );
    expect(r.ok ? "" : r.error).toContain(`paging routing key variable "${ENV.pagingKey}"`);
    expect(await written(incident.id)).toEqual({ actions: 0, events: 0 });
  });

  it("a configured kubeconfig variable holding a secret that fails to load: the error names the variable, never the value", async () => {
    const { service, incident } = await shop("dr-kubeconfig", {
      context: "dr",
      kubeconfigEnv: ENV.leakyKubeconfig,
    });
    const r = await plan(incident.id, service.id, "dr-failover", {
      deployment: "web",
      steps: "failover",
      drContext: "dr",
      drKubeconfigEnv: ENV.leakyKubeconfig,
    });
    expect(r).toMatchObject({
      ok: false,
      error: `DR cluster: the kubeconfig file named by ${ENV.leakyKubeconfig} could not be read.`,
    });
    expect(JSON.stringify(r)).not.toContain(SECRET);
    expect(await written(incident.id)).toEqual({ actions: 0, events: 0 });
  });

  it("a configured paging variable holding a secret-looking value: the failed step's timeline never shows it", async () => {
    const { service, incident } = await shop("dr-page", {
      context: primaryContext,
      pagingUrlEnv: ENV.pagingUrl,
      pagingRoutingKeyEnv: ENV.pagingKey,
    });
    const planned = await plan(incident.id, service.id, "dr-failover", {
      deployment: "web",
      steps: "page",
      drContext: primaryContext,
      pagingUrlEnv: ENV.pagingUrl,
      pagingRoutingKeyEnv: ENV.pagingKey,
    });
    expect(planned.ok, planned.ok ? "" : planned.error).toBe(true);
    if (!planned.ok) return;
    expect(JSON.stringify(planned.data)).not.toContain(SECRET);
    const started = await runAs(commander, () =>
      startRollbackAction({ actionId: planned.data.actionId, confirmation: service.name }),
    );
    expect(started).toMatchObject({ ok: true, data: { state: "running" } });
    const end = Date.now() + 60_000;
    let action = await db.rollbackAction.findUniqueOrThrow({ where: { id: planned.data.actionId } });
    while (action.state === "running" && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 200));
      action = await db.rollbackAction.findUniqueOrThrow({ where: { id: planned.data.actionId } });
    }
    expect(action.state).toBe("failed");
    expect(action.error).toMatch(/DR step "page" failed: the paging endpoint is not set to an http\(s\) URL\./);
    const events = await eventsAfter(incident.id);
    expect(events.map((e) => e.kind)).toContain("rollback.failed");
    const steps = await db.rollbackStep.findMany({ where: { actionId: action.id } });
    const everything = JSON.stringify({ action, events, steps });
    expect(everything).not.toContain(SECRET);
  });
});
