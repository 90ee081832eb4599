import { describe, expect, it } from "vitest";
import type { PodTemplate } from "@/lib/k8s/types";
import { rollbackPatch } from "@/lib/rollback/strategies/deployment-undo/kubectl-undo";
import { diffAnnotations, diffTemplates } from "@/lib/rollback/strategies/deployment-undo/deployment-diff";
import type { Plan } from "@/lib/rollback/strategy";
import { REDACTED, diffForEveryone, planForRole, redactManifest } from "./redact";

const SECRET = "hunter2-Sup3rSecret";
const OLD_SECRET = "0ld-pa55word";

const template = (image: string, env: object[]): PodTemplate =>
  ({
    metadata: { labels: { app: "web", "pod-template-hash": "abc" } },
    spec: { containers: [{ name: "app", image, env, args: [`--api-key=${SECRET}`, "--port=80"] }] },
  }) as PodTemplate;

const bad = template("web:2", [
  { name: "DB_PASSWORD", value: SECRET },
  { name: "LOG_LEVEL", value: "debug" },
  { name: "API_TOKEN", valueFrom: { secretKeyRef: { name: "web-api", key: "token" } } },
  { name: "DATABASE_URL", value: `postgres://shop:${SECRET}@db:5432/shop` },
]);
const good = template("web:1", [
  { name: "DB_PASSWORD", value: OLD_SECRET },
  { name: "LOG_LEVEL", value: "info" },
  { name: "API_TOKEN", value: OLD_SECRET },
]);

const undoPlan = (): Plan => ({
  strategy: "deployment-undo",
  target: "k8s/prod/shop/deployment/web",
  summary: "Roll back deployment web",
  diff: diffTemplates(bad, good),
  warnings: [],
  params: { deployment: "web", toRevision: 0 },
  data: {
    generation: 3,
    fromRevision: 2,
    toRevision: 1,
    replicaSet: { name: "web-1", uid: "u1" },
    patch: rollbackPatch(good, { note: "x" }),
  },
  plannedAt: "2026-12-01T10:00:00.000Z",
});

const nothingOf = (v: unknown, ...secrets: string[]) => {
  const text = JSON.stringify(v);
  for (const s of secrets) expect(text).not.toContain(s);
};

describe("a Deployment undo diff with inline env values", () => {
  it("says which env var changed, never what it held, for everyone", () => {
    const diff = diffTemplates(bad, good);
    nothingOf(diff, SECRET, OLD_SECRET, "debug");
    expect(diff).toContainEqual({ path: "env app DB_PASSWORD", before: REDACTED, after: REDACTED });
    expect(diff).toContainEqual({ path: "env app LOG_LEVEL", before: REDACTED, after: REDACTED });
    // value ← valueFrom: the reference shows, the value does not
    expect(diff).toContainEqual({
      path: "env app API_TOKEN valueFrom",
      before: { secretKeyRef: { name: "web-api", key: "token" } },
      after: null,
    });
    expect(diff).toContainEqual({ path: "env app API_TOKEN", before: null, after: REDACTED });
    // images still read as before
    expect(diff[0]).toEqual({ path: "image app", before: "web:2", after: "web:1" });
  });

  it("redacts a whole env entry, arguments and URL credentials too", () => {
    const bare = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "web:2" }] } };
    const diff = diffTemplates(bare as PodTemplate, bad);
    nothingOf(diff, SECRET);
    expect(diff).toContainEqual({
      path: "template/spec/containers/0/args",
      before: null,
      after: ["--api-key=[redacted]", "--port=80"],
    });
  });

  it("keeps the last-applied-configuration annotation's content out", () => {
    const last = `{"spec":{"template":{"spec":{"containers":[{"env":[{"name":"X","value":"${SECRET}"}]}]}}}}`;
    const diff = diffAnnotations({ "kubectl.kubernetes.io/last-applied-configuration": last }, {});
    expect(diff).toEqual([
      { path: "annotation kubectl.kubernetes.io/last-applied-configuration", before: REDACTED, after: null },
    ]);
  });

  it("a commander gets the plan's data with env values redacted; a viewer gets no data", () => {
    const plan = undoPlan();
    const commander = planForRole(plan, "commander");
    expect(commander.data).toMatchObject({ generation: 3, replicaSet: { uid: "u1" } });
    nothingOf(commander, SECRET, OLD_SECRET);
    const env = (commander.data as { patch: { value: PodTemplate }[] }).patch[0].value.spec?.containers?.[0].env;
    expect(env).toContainEqual({ name: "DB_PASSWORD", value: REDACTED });
    // the stored plan is untouched: execute() still needs the real template
    expect(JSON.stringify(plan.data)).toContain(OLD_SECRET);

    for (const role of ["viewer", "responder", "comms"] as const) {
      const seen = planForRole(plan, role);
      expect(seen).not.toHaveProperty("data");
      nothingOf(seen, SECRET, OLD_SECRET);
      expect(seen.params).toEqual({ deployment: "web", toRevision: 0 });
    }
  });
});

describe("captured YAML", () => {
  it("redacts a Secret's data and stringData, keeping its keys", () => {
    const out = redactManifest({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "db", annotations: { "kubectl.kubernetes.io/last-applied-configuration": SECRET } },
      type: "Opaque",
      data: { password: Buffer.from(SECRET).toString("base64") },
      stringData: { url: `postgres://u:${SECRET}@db/x` },
    });
    expect(out).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "db", annotations: { "kubectl.kubernetes.io/last-applied-configuration": REDACTED } },
      type: "Opaque",
      data: { password: REDACTED },
      stringData: { url: REDACTED },
    });
  });

  it("keeps ConfigMap values unless the key looks secret, and references to Secrets", () => {
    const out = redactManifest({
      kind: "ConfigMap",
      data: { LOG_LEVEL: "info", "flags.json": '{"a":1}', STRIPE_API_KEY: SECRET, authorization: `Bearer ${SECRET}` },
    });
    expect(out).toEqual({
      kind: "ConfigMap",
      data: { LOG_LEVEL: "info", "flags.json": '{"a":1}', STRIPE_API_KEY: REDACTED, authorization: REDACTED },
    });
    const d = redactManifest({
      kind: "Deployment",
      spec: {
        template: {
          spec: {
            serviceAccountName: "web",
            automountServiceAccountToken: false,
            volumes: [{ name: "creds", secret: { secretName: "db-creds" } }],
            containers: [
              { name: "app", envFrom: [{ secretRef: { name: "web-env" } }], env: [{ name: "A", value: SECRET }] },
            ],
          },
        },
      },
    });
    nothingOf(d, SECRET);
    expect(JSON.stringify(d)).toContain('"secretName":"db-creds"');
    expect(JSON.stringify(d)).toContain('"secretRef":{"name":"web-env"}');
    expect(JSON.stringify(d)).toContain('"automountServiceAccountToken":false');
  });
});

describe("a DR plan's manifest", () => {
  const manifest = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "dr", annotations: {} },
    spec: { selector: { matchLabels: { app: "web" } }, template: good },
  };
  const plan: Plan = {
    strategy: "dr-failover",
    target: "dr/dr-east/shop/deployment/web",
    summary: "DR escalation",
    diff: [{ path: "dr deployment web", before: "absent", after: "app=web:1 ×2" }],
    warnings: [],
    params: {
      deployment: "web",
      steps: ["failover", "dns"],
      drContext: "dr-east",
      drKubeconfigEnv: "RCC_SERVICE_SHOP_DR_KUBECONFIG",
      dnsWebhookUrlEnv: "RCC_SERVICE_SHOP_DNS_URL",
      dnsWebhookTokenEnv: "RCC_SERVICE_SHOP_DNS_TOKEN",
    },
    data: { drContext: "dr-east", manifest, origin: "prod revision 1" },
    plannedAt: "2026-12-01T10:00:00.000Z",
  };

  it("reaches a viewer without the manifest or the env names", () => {
    const seen = planForRole(plan, "viewer");
    expect(seen).not.toHaveProperty("data");
    expect(seen.params).toEqual({ deployment: "web", steps: ["failover", "dns"], drContext: "dr-east" });
    nothingOf(seen, "RCC_SERVICE_", OLD_SECRET);
    expect(seen.diff).toEqual(plan.diff);
  });

  it("reaches a commander with the manifest, env names kept and env values redacted", () => {
    const seen = planForRole(plan, "commander");
    expect(seen.params).toEqual(plan.params);
    nothingOf(seen, OLD_SECRET);
    expect(seen.data).toMatchObject({ manifest: { metadata: { name: "web" } } });
  });
});

describe("a database plan's SQL", () => {
  const sql = "ALTER TABLE orders DROP COLUMN status;\nALTER ROLE app PASSWORD 'pw-in-sql';";
  const plan: Plan = {
    strategy: "db-migration",
    target: "db/db:5432/shop",
    summary: 'Run "20261101 down" on shop',
    diff: [
      { path: "database shop", before: "schema version 20261101", after: "down-migration, then verification = 0" },
      { path: "sql", before: null, after: sql },
      { path: "pre-check", before: "SELECT version FROM schema_migrations", after: "20261101" },
      { path: "verification", before: "SELECT count(*) FROM orders_status", after: "0" },
    ],
    warnings: [],
    params: {
      urlEnv: "RCC_SERVICE_SHOP_DB",
      name: "20261101 down",
      sql,
      precheckSql: "SELECT version FROM schema_migrations",
      expectedVersion: "20261101",
      verifySql: "SELECT count(*) FROM orders_status",
      expectedResult: "0",
    },
    data: { database: "shop", versionAtPlan: "20261101" },
    plannedAt: "2026-12-01T10:00:00.000Z",
  };

  it("reaches a viewer as a summary: no SQL, no env name, no data", () => {
    const seen = planForRole(plan, "viewer");
    expect(seen).not.toHaveProperty("data");
    nothingOf(seen, "ALTER", "SELECT", "RCC_SERVICE_", "pw-in-sql");
    expect(seen.params).toMatchObject({ name: "20261101 down", expectedVersion: "20261101", sql: expect.any(String) });
    expect(seen.diff[1]).toEqual({ path: "sql", before: null, after: "(SQL, 2 line(s); shown to commanders)" });
    expect(seen.diff[2].after).toBe("20261101");
    // the timeline is read by viewers: its copy of the diff is the same
    expect(diffForEveryone(plan.diff)).toEqual(seen.diff);
  });

  it("reaches a commander whole, with a password literal redacted", () => {
    const seen = planForRole(plan, "commander");
    expect(seen.data).toEqual(plan.data);
    expect(seen.params).toMatchObject({
      urlEnv: "RCC_SERVICE_SHOP_DB",
      precheckSql: "SELECT version FROM schema_migrations",
    });
    expect((seen.params as { sql: string }).sql).toBe(
      `ALTER TABLE orders DROP COLUMN status;\nALTER ROLE app PASSWORD '${REDACTED}';`,
    );
    nothingOf(seen, "pw-in-sql");
  });
});
