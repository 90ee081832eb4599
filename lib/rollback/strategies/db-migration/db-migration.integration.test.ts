// Down-migration runbooks against the machine's real Postgres, on throwaway "service" databases
// (never the dashboard's own database, which the strategy refuses outright).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { recorder } from "@/test/k8s/helpers";
import { adminQuery as admin, databaseUrlFor, ensurePostgres } from "@/test/postgres/database";
import type { StrategyContext } from "@/lib/rollback/strategy";
import { runStatement } from "@/lib/database-rollback/run-statement";
import { dbMigration } from "@/lib/rollback/strategies/db-migration/strategy";

const created: string[] = [];
const ctx = { namespace: "shop", signal: new AbortController().signal, timeoutMs: 60_000 } as StrategyContext;

/** A service database at schema version 20261101 (orders.status added by the migration to undo). */
async function serviceDatabase(): Promise<{ env: string; url: string }> {
  await ensurePostgres();
  const name = `rcc_svc_${randomBytes(4).toString("hex")}`;
  await admin(`CREATE DATABASE "${name}"`);
  created.push(name);
  const url = databaseUrlFor(name);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`
    CREATE TABLE schema_migrations (version text NOT NULL);
    INSERT INTO schema_migrations VALUES ('20261101');
    CREATE TABLE orders (id serial PRIMARY KEY, total numeric NOT NULL, status text NOT NULL DEFAULT 'new');
    INSERT INTO orders (total, status) VALUES (10, 'new'), (20, 'paid'), (30, 'shipped');`);
  await c.end();
  const env = `RCC_SERVICE_${name.toUpperCase()}_URL`;
  process.env[env] = url;
  return { env, url };
}

/** Schema and data, to prove "nothing changed". */
async function snapshot(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const cols = await c.query(
      "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2",
    );
    const orders = await c.query("SELECT * FROM orders ORDER BY id");
    const version = await c.query("SELECT version FROM schema_migrations");
    return { cols: cols.rows, orders: orders.rows, version: version.rows };
  } finally {
    await c.end();
  }
}

const runbook = (env: string, over: Record<string, unknown> = {}) =>
  dbMigration.parseParams({
    urlEnv: env,
    name: "20261101_orders_status down",
    sql: "ALTER TABLE orders DROP COLUMN status;\nUPDATE schema_migrations SET version = '20261001';",
    precheckSql: "SELECT version FROM schema_migrations",
    expectedVersion: "20261101",
    verifySql: "SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'status'",
    expectedResult: "0",
    lockTimeoutMs: "3000", // as the form sends it
    ...over,
  });

afterAll(async () => {
  for (const name of created) await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe("db-migration", () => {
  it("plans with the SQL, target (no password) and read-only queries that change nothing, then commits the down-migration", async () => {
    const { env, url } = await serviceDatabase();
    const before = await snapshot(url);
    const plan = await dbMigration.plan(ctx, runbook(env));
    expect(plan.dryRun).toBeUndefined(); // the down-migration never runs in a preview
    expect(plan.warnings).toEqual([]);
    expect(plan.diff.find((d) => d.path === "statements")?.after).toBe(
      "2: ALTER TABLE, UPDATE (run only on Roll back, in one transaction)",
    );
    expect(plan.diff.find((d) => d.path === "verification")?.before).toMatch(/→ "1" now$/);
    expect(plan.data.versionAtPlan).toBe("20261101");
    expect(plan.target).toMatch(/^db\/127\.0\.0\.1:5432\/rcc_svc_/);
    expect(plan.diff.find((d) => d.path === "sql")?.after).toContain("DROP COLUMN status");
    expect(JSON.stringify(plan)).not.toContain(url); // the plan names the env var, never the URL
    expect(await snapshot(url)).toEqual(before);

    const rec = recorder();
    const res = await dbMigration.execute(ctx, plan, rec.report);
    expect(res.outcome).toBe("succeeded");
    expect(rec.steps.filter((s) => s.state !== "running").map((s) => `${s.step}:${s.state}`)).toEqual([
      "pre-check:succeeded",
      "migrate:succeeded",
      "verify:succeeded",
      "commit:succeeded",
    ]);
    const after = await snapshot(url);
    expect(after.version).toEqual([{ version: "20261001" }]);
    expect(after.cols.some((c) => c.column_name === "status")).toBe(false);
    expect(after.orders).toHaveLength(3);
    expect((await dbMigration.verify(ctx, plan)).every((c) => c.ok)).toBe(true);
  });

  it("rolls everything back when the verification query does not return the expected result", async () => {
    const { env, url } = await serviceDatabase();
    const before = await snapshot(url);
    const plan = await dbMigration.plan(ctx, runbook(env, { expectedResult: "1" }));
    const rec = recorder();
    await expect(dbMigration.execute(ctx, plan, rec.report)).rejects.toMatchObject({
      code: "failed",
      userMessage: expect.stringMatching(/verification returned "0", expected "1"/),
    });
    expect(rec.steps.at(-1)).toMatchObject({ step: "verify", state: "failed", data: { got: "0" } });
    expect(await snapshot(url)).toEqual(before);
  });

  it("refuses when the pre-check returns another schema version, and changes nothing", async () => {
    const { env, url } = await serviceDatabase();
    const before = await snapshot(url);
    const plan = await dbMigration.plan(ctx, runbook(env, { expectedVersion: "20261201" }));
    expect(plan.warnings.join(" ")).toMatch(/returns "20261101" now/);
    const rec = recorder();
    await expect(dbMigration.execute(ctx, plan, rec.report)).rejects.toMatchObject({
      userMessage: expect.stringMatching(/pre-check returned "20261101", expected schema version "20261201"/),
    });
    expect(rec.steps.at(-1)).toMatchObject({ step: "pre-check", state: "failed" });
    expect(await snapshot(url)).toEqual(before);
  });

  it("rolls back a runbook whose SQL fails half-way, and refuses SQL that controls the transaction", async () => {
    const { env, url } = await serviceDatabase();
    const before = await snapshot(url);
    const broken = await dbMigration.plan(
      ctx,
      runbook(env, { sql: "ALTER TABLE orders DROP COLUMN status; ALTER TABLE nope DROP COLUMN x;" }),
    );
    await expect(dbMigration.execute(ctx, broken, recorder().report)).rejects.toMatchObject({
      userMessage: expect.stringMatching(/migrate failed: relation "nope" does not exist/),
    });
    const sneaky = runbook(env, { sql: "ALTER TABLE orders DROP COLUMN status; COMMIT; SELECT 1" });
    await expect(dbMigration.plan(ctx, sneaky)).rejects.toMatchObject({
      code: "invalid",
      userMessage: expect.stringMatching(/contains COMMIT \(statement 2\)/),
    });
    // A stored plan edited to carry it (or one from before this check) is refused by execute too.
    await expect(dbMigration.execute(ctx, { ...broken, params: sneaky }, recorder().report)).rejects.toMatchObject({
      userMessage: expect.stringMatching(/contains COMMIT/),
    });
    expect(await snapshot(url)).toEqual(before);
  });

  it("a preview never writes: transaction control hidden from a regex, a pre-check that writes, and a destructive runbook all leave the database as it was", async () => {
    const { env, url } = await serviceDatabase();
    const before = await snapshot(url);
    // The review's case: a regex that strips "--" comments before quotes saw no COMMIT here.
    await expect(
      dbMigration.plan(ctx, runbook(env, { sql: "SELECT '--'; COMMIT; DROP TABLE orders;" })),
    ).rejects.toMatchObject({ code: "invalid", userMessage: expect.stringMatching(/contains COMMIT/) });
    await expect(
      dbMigration.plan(ctx, runbook(env, { sql: "SELECT $x$; COMMIT; $x$; END; DROP TABLE orders;" })),
    ).rejects.toMatchObject({ userMessage: expect.stringMatching(/contains END/) });
    // Pre-checks and verification run at plan time, so each must be one SELECT that only reads.
    await expect(
      dbMigration.plan(ctx, runbook(env, { precheckSql: "SELECT version FROM schema_migrations; DROP TABLE orders" })),
    ).rejects.toMatchObject({
      userMessage: expect.stringMatching(/pre-check must be exactly one SELECT statement \(it has 2\)/),
    });
    await expect(
      dbMigration.plan(
        ctx,
        runbook(env, { verifySql: "WITH gone AS (DELETE FROM orders RETURNING 1) SELECT count(*) FROM gone" }),
      ),
    ).rejects.toMatchObject({
      userMessage: expect.stringMatching(/verification query must be a SELECT that only reads/),
    });
    await expect(dbMigration.plan(ctx, runbook(env, { precheckSql: "DROP TABLE orders" }))).rejects.toMatchObject({
      userMessage: expect.stringMatching(/it is DROP/),
    });
    // A runbook that destroys is fine to review: planning it runs none of it.
    const destructive = await dbMigration.plan(
      ctx,
      runbook(env, { sql: "DROP TABLE orders; UPDATE schema_migrations SET version = '20261001';" }),
    );
    expect(destructive.diff.find((d) => d.path === "statements")?.after).toMatch(/^2: DROP, UPDATE/);
    expect(await snapshot(url)).toEqual(before);
  });

  it("the server itself refuses a second statement in one message (the extended protocol the runner uses)", async () => {
    const { url } = await serviceDatabase();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await expect(runStatement(c, "SELECT 1; DROP TABLE orders")).rejects.toThrow(
        /cannot insert multiple commands into a prepared statement/,
      );
    } finally {
      await c.end();
    }
    expect((await snapshot(url)).orders).toHaveLength(3);
  });

  it("never touches the dashboard's own database, nor reads env vars outside RCC_SERVICE_*", async () => {
    process.env.RCC_SERVICE_DASHBOARD_URL = process.env.DATABASE_URL;
    await expect(dbMigration.plan(ctx, runbook("RCC_SERVICE_DASHBOARD_URL"))).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(() => runbook("DATABASE_URL")).toThrow(/RCC_SERVICE_/);
  });
});
