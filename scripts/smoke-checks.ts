// What scripts/smoke-server.ts (the standalone directory) and scripts/smoke-image.ts (the same
// server inside the container image) both check: a started server, its probes, the migrations it
// applied on start, a page with its static asset, and the SIGTERM drain.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import pg from "pg";
import { readMigrations } from "../lib/db-migrate";
import { adminQuery, databaseUrlFor, ensurePostgres } from "../test/postgres/database";

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** A fresh database with no tables: the server under test must migrate it itself. */
export async function emptyDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  await ensurePostgres();
  const name = `${prefix}_${Date.now().toString(36)}_${process.pid}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  return { url: databaseUrlFor(name), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** The environment a smoke server gets, besides what its image or directory sets itself. */
export function serverEnv(databaseUrl: string, port: number): Record<string, string> {
  return {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    AUTH_SECRET: "smoke-test-secret-0123456789abcdef",
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    RCC_SHUTDOWN_DEADLINE_MS: "15000",
  };
}

export type Server = { child: ChildProcess; url: string; log: () => string; exited: Promise<number | null> };

export function startServer(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env: Record<string, string | undefined>; port: number },
) {
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: opts.env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, url: `http://127.0.0.1:${opts.port}`, log: () => out, exited } satisfies Server;
}

export async function waitFor(s: Server, p: string, ms = 90_000) {
  const end = Date.now() + ms;
  for (;;) {
    const status = await fetch(`${s.url}${p}`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > end) throw new Error(`${s.url}${p} did not answer 200 within ${ms} ms:\n${s.log()}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

export function check(ok: unknown, what: string) {
  if (!ok) throw new Error(`smoke: ${what}`);
  console.log(`✓ ${what}`);
}

/** Each migration the server shipped with (its prisma/migrations) finished exactly once on `url`. */
export async function checkMigrationsApplied(url: string, migrationsDir: string) {
  const migrations = readMigrations(migrationsDir);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query<{ migration_name: string; n: number }>(
    `SELECT migration_name, count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL GROUP BY 1 ORDER BY 1`,
  );
  await c.end();
  check(
    JSON.stringify(rows.map((r) => [r.migration_name, r.n])) === JSON.stringify(migrations.map((m) => [m.name, 1])),
    `each of the ${migrations.length} migrations applied exactly once`,
  );
}

/** The public status page renders on `page`, and the static asset it links is served by `assets`. */
export async function checkStatusPage(page: Server, assets: Server = page) {
  const res = await fetch(`${page.url}/status`);
  const html = await res.text();
  const asset = /\/_next\/static\/[^"']+\.(?:js|css)/.exec(html)?.[0];
  check(res.status === 200 && asset, "the public status page renders");
  check((await fetch(`${assets.url}${asset}`)).status === 200, `its static asset ${asset} is served`);
}

/** SIGTERM: readiness off, the runner hands off, loops stop, the pool closes, exit 0. */
export async function checkDrain(s: Server) {
  const t0 = Date.now();
  s.child.kill("SIGTERM");
  const code = await Promise.race([s.exited, new Promise((r) => setTimeout(() => r("timeout"), 20_000))]);
  check(code === 0, `SIGTERM: drained and exited 0 in ${Date.now() - t0} ms`);
  check(s.log().includes("[shutdown] drained"), "the drain ran (runner hand-off, loops stopped, pool closed)");
}
