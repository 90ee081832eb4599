// Applies pending prisma/migrations on server start, the way `prisma migrate deploy` does, so the
// production server needs no Prisma CLI (nor its schema-engine binary) at run time. Compatible
// with rows Prisma wrote: the same `_prisma_migrations` table and columns, checksum = hex sha256
// of migration.sql, a migration left half-applied (finished_at and rolled_back_at both null) stops
// the start as Prisma's P3009 does. Several replicas starting at once: each takes the session
// advisory lock Prisma's own migrate takes (72707369), so one migrates and the others then find
// nothing pending (also exclusive with a concurrent `prisma migrate deploy`). The table and its
// semantics: prisma-engines, schema-engine/ARCHITECTURE.md ("The _prisma_migrations table").
// Plain Node + pg only: scripts/build-server.ts bundles it into the standalone server's entry.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { parseDatabaseUrl } from "@/lib/db-url";

/** The key of `pg_advisory_lock` Prisma's schema engine takes for migrate (deploy, dev, resolve). */
export const PRISMA_MIGRATE_LOCK = 72707369;

export type Migration = { name: string; sql: string; checksum: string };
export type MigrateResult = { applied: string[]; alreadyApplied: number };

export function migrationChecksum(sql: string): string {
  return crypto.createHash("sha256").update(sql).digest("hex");
}

/** The migration directories under dir, in name order (the timestamp prefix), as Prisma reads them. */
export function readMigrations(dir: string): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: migrationChecksum(sql) };
    });
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"              VARCHAR(64) NOT NULL,
  "finished_at"           TIMESTAMPTZ,
  "migration_name"        VARCHAR(255) NOT NULL,
  "logs"                  TEXT,
  "rolled_back_at"        TIMESTAMPTZ,
  "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {
  name = "MigrationError";
}

type Row = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

/**
 * Applies every migration of dir not yet recorded as finished, each in one transaction with its
 * `_prisma_migrations` row, under the advisory lock. Returns the names it applied.
 */
export async function migrateDatabase(
  databaseUrl: string,
  dir: string,
  opts: { log?: (msg: string) => void; lockTimeoutMs?: number } = {},
): Promise<MigrateResult> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const migrations = readMigrations(dir);
  const client = new pg.Client({ ...parseDatabaseUrl(databaseUrl), connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    // A replica waiting on the lock waits for the migrating one, not forever (lock_timeout applies).
    await client.query(`SET lock_timeout = ${Math.max(1_000, Math.floor(opts.lockTimeoutMs ?? 300_000))}`);
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
    try {
      await client.query(CREATE_TABLE);
      const { rows } = await client.query<Row>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
      );
      const failed = rows.find((r) => !r.finished_at && !r.rolled_back_at);
      if (failed) {
        throw new MigrationError(
          `migration ${failed.migration_name} failed earlier and is not resolved; resolve it (prisma migrate resolve) before starting`,
        );
      }
      const done = new Map(rows.filter((r) => r.finished_at).map((r) => [r.migration_name, r]));
      for (const m of migrations) {
        const prior = done.get(m.name);
        if (prior && prior.checksum !== m.checksum) {
          log(`[migrate] warning: ${m.name} was modified after it was applied (checksum differs)`);
        }
      }
      const pending = migrations.filter((m) => !done.has(m.name));
      for (const m of pending) {
        const id = crypto.randomUUID();
        log(`[migrate] applying ${m.name}`);
        await client.query("BEGIN");
        try {
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
             VALUES ($1, $2, $3, now(), 0)`,
            [id, m.checksum, m.name],
          );
          await client.query(m.sql);
          await client.query(
            `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
            [id],
          );
          await client.query("COMMIT");
        } catch (e) {
          await client.query("ROLLBACK").catch(() => {});
          // The schema is unchanged (one transaction); the reason stays in the server log only.
          log(`[migrate] ${m.name} failed: ${e instanceof Error ? e.message : String(e)}`);
          throw new MigrationError(`migration ${m.name} failed; nothing of it was applied`);
        }
      }
      if (!pending.length) log(`[migrate] database is up to date (${migrations.length} migrations)`);
      return { applied: pending.map((m) => m.name), alreadyApplied: migrations.length - pending.length };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}
