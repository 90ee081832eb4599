// A fresh, migrated database on the real Postgres the machine runs (127.0.0.1:5432), started if stopped.
import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import pg from "pg";

export const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** Starts the machine's Postgres cluster when it is installed but stopped. */
export async function ensurePostgres(): Promise<void> {
  if (await canConnect(ADMIN_URL)) return;
  const versions = spawnSync("ls", ["/etc/postgresql"], { encoding: "utf8" })
    .stdout.trim()
    .split(/\s+/)
    .filter(Boolean);
  for (const v of versions)
    spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", v, "main", "start"], { stdio: "inherit" });
  for (let i = 0; i < 30; i++) {
    if (await canConnect(ADMIN_URL)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(
    `Postgres is not reachable at ${ADMIN_URL} (tried pg_ctlcluster start for: ${versions.join(", ") || "none installed"})`,
  );
}

/** One statement as the server's admin (CREATE/DROP DATABASE for throwaway test databases). */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function databaseUrlFor(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createDatabase(
  prefix = "rcc_test",
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  await ensurePostgres();
  const name = `${prefix}_${Date.now().toString(36)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = databaseUrlFor(name);
  migrate(url);
  return {
    name,
    url,
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export function migrate(url: string) {
  const root = path.resolve(import.meta.dirname, "../..");
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: "pipe",
  });
}
