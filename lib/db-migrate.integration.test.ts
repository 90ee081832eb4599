// Migrations on server start (lib/db-migrate.ts) on the real Postgres: two replicas migrating a
// fresh database at once apply each migration exactly once, the rows they write satisfy the real
// `prisma migrate status` and `prisma migrate deploy`, and a database Prisma migrated is left alone.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { MigrationError, migrateDatabase, readMigrations } from "@/lib/db-migrate";
import { adminQuery, databaseUrlFor, ensurePostgres } from "@/test/postgres/database";

const root = path.resolve(import.meta.dirname, "..");
const migrationsDir = path.join(root, "prisma/migrations");
const all = readMigrations(migrationsDir);
const created: string[] = [];
const quiet = () => {};

async function emptyDatabase(tag: string): Promise<string> {
  await ensurePostgres();
  const name = `rcc_migrate_${tag}_${Date.now().toString(36)}_${process.pid}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  created.push(name);
  return databaseUrlFor(name);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

const prisma = (args: string[], url: string) =>
  spawnSync(path.join(root, "node_modules/.bin/prisma"), args, {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });

afterAll(async () => {
  for (const name of created) await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe("migrations on start, behind the advisory lock", () => {
  it("two migrators started at once on a fresh database apply each migration exactly once", async () => {
    const url = await emptyDatabase("race");
    const results = await Promise.all([
      migrateDatabase(url, migrationsDir, { log: quiet }),
      migrateDatabase(url, migrationsDir, { log: quiet }),
    ]);
    // One applied everything, the other waited on the lock and found nothing pending.
    const applied = results.map((r) => r.applied.length).sort((a, b) => a - b);
    expect(applied).toEqual([0, all.length]);
    expect(results.find((r) => r.applied.length)!.applied).toEqual(all.map((m) => m.name));

    const rows = await query<{ migration_name: string; checksum: string; n: number }>(
      url,
      `SELECT migration_name, checksum, count(*) OVER (PARTITION BY migration_name)::int AS n
         FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    expect(rows.map((r) => [r.migration_name, r.checksum, r.n])).toEqual(all.map((m) => [m.name, m.checksum, 1]));

    // The schema works: the tables of the first and the last migration take rows.
    const [{ n }] = await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM "User"`);
    expect(n).toBeGreaterThanOrEqual(0);
    const cols = await query(
      url,
      `SELECT 1 FROM information_schema.columns WHERE table_name = 'RollbackAction' AND column_name = 'claimEpoch'`,
    );
    expect(cols).toHaveLength(1);

    // The real Prisma CLI agrees: status up to date, deploy has nothing to do.
    const status = prisma(["migrate", "status"], url);
    expect(status.status, status.stdout + status.stderr).toBe(0);
    expect(status.stdout).toContain("Database schema is up to date");
    const deploy = prisma(["migrate", "deploy"], url);
    expect(deploy.status, deploy.stdout + deploy.stderr).toBe(0);
    expect(deploy.stdout).toMatch(/No pending migrations/i);
    const [{ count }] = await query<{ count: number }>(url, `SELECT count(*)::int AS count FROM "_prisma_migrations"`);
    expect(count).toBe(all.length);
  });

  it("continues where Prisma stopped, and Prisma continues where it stopped", async () => {
    // The first migrations by this migrator (a checkout of an older release), the rest by Prisma.
    const url = await emptyDatabase("mixed");
    const older = fs.mkdtempSync(path.join(os.tmpdir(), "rcc-migrations-"));
    for (const m of all.slice(0, 3))
      fs.cpSync(path.join(migrationsDir, m.name), path.join(older, m.name), { recursive: true });
    expect((await migrateDatabase(url, older, { log: quiet })).applied).toHaveLength(3);
    fs.rmSync(older, { recursive: true, force: true });
    const pending = prisma(["migrate", "status"], url);
    expect(pending.status).not.toBe(0); // pending migrations: Prisma says so and exits non-zero
    expect(pending.stdout).toContain(all[3].name);
    execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" },
      stdio: "pipe",
    });
    // A database Prisma migrated (this run's test database too): nothing to apply.
    expect(await migrateDatabase(url, migrationsDir, { log: quiet })).toEqual({
      applied: [],
      alreadyApplied: all.length,
    });
    expect(await migrateDatabase(inject("databaseUrl"), migrationsDir, { log: quiet })).toMatchObject({ applied: [] });
  });

  it("refuses to start over a migration that failed half-way, as prisma migrate deploy does", async () => {
    const url = await emptyDatabase("failed");
    await migrateDatabase(url, migrationsDir, { log: quiet });
    await query(
      url,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ('00000000-0000-4000-8000-000000000000', 'x', '29990101000000_broken', now(), 0)`,
    );
    await expect(migrateDatabase(url, migrationsDir, { log: quiet })).rejects.toThrow(MigrationError);
    await expect(migrateDatabase(url, migrationsDir, { log: quiet })).rejects.toThrow(
      /29990101000000_broken failed earlier/,
    );
  });

  it("a migration that fails leaves nothing of itself, and the error names no SQL", async () => {
    const url = await emptyDatabase("bad");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rcc-migrations-"));
    fs.mkdirSync(path.join(dir, "1_ok"));
    fs.writeFileSync(path.join(dir, "1_ok/migration.sql"), `CREATE TABLE "a" (id int);`);
    fs.mkdirSync(path.join(dir, "2_bad"));
    fs.writeFileSync(path.join(dir, "2_bad/migration.sql"), `CREATE TABLE "b" (id int); SELECT * FROM "nope";`);
    const logs: string[] = [];
    const error = await migrateDatabase(url, dir, { log: (m) => logs.push(m) }).catch((e: unknown) => e);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toBe("migration 2_bad failed; nothing of it was applied");
    expect(logs.join("\n")).toContain('relation "nope" does not exist');
    const tables = await query<{ t: string }>(
      url,
      `SELECT tablename AS t FROM pg_tables WHERE tablename IN ('a', 'b')`,
    );
    expect(tables.map((r) => r.t)).toEqual(["a"]);
    const rows = await query<{ m: string }>(url, `SELECT migration_name AS m FROM "_prisma_migrations"`);
    expect(rows.map((r) => r.m)).toEqual(["1_ok"]);
  });
});
