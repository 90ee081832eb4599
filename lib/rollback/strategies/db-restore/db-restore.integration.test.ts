// Table restore from a real pg_dump -Fc backup into a throwaway "service" database on the machine's Postgres.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recorder } from "@/test/k8s/helpers";
import { ADMIN_URL, databaseUrlFor, ensurePostgres } from "@/test/postgres/database";
import type { StrategyContext } from "@/lib/rollback/strategy";
import { dbRestore } from "@/lib/rollback/strategies/db-restore/strategy";

const ctx = { namespace: "shop", signal: new AbortController().signal, timeoutMs: 60_000 } as StrategyContext;
const name = `rcc_svc_restore_${randomBytes(4).toString("hex")}`;
const env = `RCC_SERVICE_${name.toUpperCase()}_URL`;
let url: string;
let dir: string;
let backup: string;

async function sql<T = Record<string, unknown>>(text: string, connectionString = url): Promise<T[]> {
  const c = new pg.Client({ connectionString });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  await ensurePostgres();
  await sql(`CREATE DATABASE "${name}"`, ADMIN_URL);
  url = databaseUrlFor(name);
  process.env[env] = url;
  await sql(`
    CREATE TABLE orders (id serial PRIMARY KEY, total numeric NOT NULL, updated_at timestamptz NOT NULL DEFAULT now() - interval '1 hour');
    INSERT INTO orders (total) SELECT g * 10 FROM generate_series(1, 5) g;
    CREATE TABLE customers (id int PRIMARY KEY, name text);
    INSERT INTO customers VALUES (1, 'a'), (2, 'b');
    CREATE TABLE invoices (id int PRIMARY KEY, customer_id int REFERENCES customers(id));
    INSERT INTO invoices VALUES (1, 1);`);
  dir = await mkdtemp(path.join(os.tmpdir(), "rcc-backups-"));
  backup = path.join(dir, "shop.dump");
  execFileSync("pg_dump", ["-Fc", "-f", backup, url]);
  process.env.RCC_DB_BACKUP_DIRS = dir;
});

afterAll(async () => {
  await sql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, ADMIN_URL).catch(() => {});
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("db-restore", () => {
  it("restores a table from the pg_dump backup with pg_restore -t, in one transaction, and verifies its count and last update", async () => {
    const original = await sql("SELECT * FROM orders ORDER BY id");
    // The bad deploy: rows lost, one corrupted, one new (which takes id 6 from the sequence).
    await sql(
      "DELETE FROM orders WHERE id IN (2, 3); UPDATE orders SET total = -1, updated_at = now() WHERE id = 1; INSERT INTO orders (total) VALUES (99);",
    );

    const plan = await dbRestore.plan(
      ctx,
      dbRestore.parseParams({ urlEnv: env, table: "orders", backupPath: backup, updatedAtColumn: "updated_at" }),
    );
    expect(plan.diff[0]).toEqual({ path: "rows public.orders", before: 4, after: 5 });
    expect(plan.data.backup.rows).toBe(5);
    expect(plan.data.backup.createdAt).toMatch(/^\d{4}-/);
    expect(plan.data.sql).toContain('TRUNCATE TABLE "public"."orders";');
    // The preview only reads: no TRUNCATE under a rolled-back transaction, no lock on the live table.
    expect(plan.dryRun).toBeUndefined();
    expect(plan.warnings).toEqual([]);
    expect(plan.diff.find((d) => d.path === "read-only checks")?.after).toBe(
      "TRUNCATE and INSERT allowed; no foreign key points here; the table has every column the backup fills (3)",
    );
    expect(await sql("SELECT count(*)::int AS n FROM orders")).toEqual([{ n: 4 }]);
    expect(JSON.stringify(plan)).not.toContain(url);

    const rec = recorder();
    const res = await dbRestore.execute(ctx, plan, rec.report);
    expect(res.outcome).toBe("succeeded");
    expect(rec.steps.filter((s) => s.state !== "running").map((s) => `${s.step}:${s.state}`)).toEqual([
      "restore:succeeded",
      "check:succeeded",
    ]);
    expect(await sql("SELECT * FROM orders ORDER BY id")).toEqual(original);
    const checks = await dbRestore.verify(ctx, plan);
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ["row count", true],
      ["last update", true],
    ]);
    // The sequence never moves backwards: id 6 was handed out after the backup.
    expect(await sql("INSERT INTO orders (total) VALUES (1) RETURNING id")).toEqual([{ id: 7 }]);
  });

  it("refuses (rolls back, nothing changed) a table another table's foreign key points at", async () => {
    await sql("DELETE FROM invoices; DELETE FROM customers WHERE id = 2; INSERT INTO invoices VALUES (1, 1);");
    const plan = await dbRestore.plan(
      ctx,
      dbRestore.parseParams({ urlEnv: env, table: "public.customers", backupPath: backup }),
    );
    expect(plan.warnings).toEqual([
      "The restore would fail: TRUNCATE will be refused: foreign keys in invoices point at public.customers.",
    ]);
    const rec = recorder();
    await expect(dbRestore.execute(ctx, plan, rec.report)).rejects.toMatchObject({
      userMessage: expect.stringMatching(/cannot truncate a table referenced in a foreign key constraint/),
    });
    expect(rec.steps.at(-1)).toMatchObject({ step: "restore", state: "failed" });
    expect(await sql("SELECT id FROM customers ORDER BY id")).toEqual([{ id: 1 }]);
  });

  it("reads backups only from the allowed directories", async () => {
    await expect(
      dbRestore.plan(ctx, dbRestore.parseParams({ urlEnv: env, table: "orders", backupPath: "/etc/passwd" })),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      dbRestore.plan(ctx, dbRestore.parseParams({ urlEnv: env, table: "nope", backupPath: backup })),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("a dashboard killed mid-stream commits nothing: the table keeps its rows, not a TRUNCATE plus part of the backup", async () => {
    // A table whose COPY takes seconds (a per-row trigger sleeps), backed up with 400 rows of 40 kB:
    // far more than the pipes and socket buffers hold, so the input is still streaming when the kill lands.
    await sql(`
      CREATE TABLE slow_items (id int PRIMARY KEY, note text);
      CREATE FUNCTION slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.01); RETURN NEW; END $$;
      INSERT INTO slow_items SELECT g, repeat('backup', 7000) FROM generate_series(1, 400) g;`);
    const slowBackup = path.join(dir, "slow.dump");
    execFileSync("pg_dump", ["-Fc", "-t", "slow_items", "-f", slowBackup, url]);
    await sql(`DELETE FROM slow_items WHERE id > 3; UPDATE slow_items SET note = 'live';
      CREATE TRIGGER slow BEFORE INSERT ON slow_items FOR EACH ROW EXECUTE FUNCTION slow_insert();`);

    const child = spawn(
      process.execPath,
      ["--import", "tsx", "test/database/restore-child.ts", env, slowBackup, "slow_items", "400"],
      { env: { ...process.env, DATABASE_URL: "" }, stdio: "ignore" },
    );
    const copying = () =>
      sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = '${name}' AND query LIKE 'COPY%' AND state = 'active'`,
      );
    const psqlSessions = () =>
      sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = '${name}' AND application_name = 'rollback-command-center'`,
      );
    const until = async (what: string, ok: () => Promise<boolean>) => {
      for (const t0 = Date.now(); !(await ok()); await new Promise((r) => setTimeout(r, 20)))
        if (Date.now() - t0 > 30_000) throw new Error(`timed out waiting for ${what}`);
    };
    await until("the restore's COPY", async () => (await copying())[0].n > 0);
    child.kill("SIGKILL");
    // psql, orphaned, reads the end of its input; it must end without a COMMIT.
    await until("psql to end", async () => (await psqlSessions())[0].n === 0);
    expect(await sql("SELECT id, note FROM slow_items ORDER BY id")).toEqual(
      [1, 2, 3].map((id) => ({ id, note: "live" })),
    );
  });
});
