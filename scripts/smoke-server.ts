// The production server as built by scripts/build-server.ts, started for real (`node server.js`):
// two replicas start at once on a fresh, empty database and migrate it once (the advisory lock),
// the rows satisfy `prisma migrate status`, liveness and readiness answer 200, and SIGTERM drains
// and exits 0. Run after `npm run build:server`: npx tsx scripts/smoke-server.ts [dir]
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { readMigrations } from "../lib/db-migrate";
import { adminQuery, databaseUrlFor, ensurePostgres } from "../test/postgres/database";

const root = path.resolve(import.meta.dirname, "..");
const dir = path.resolve(root, process.argv[2] ?? ".next/rcc-server");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

type Server = { child: ChildProcess; url: string; log: () => string; exited: Promise<number | null> };

function start(databaseUrl: string, port: number): Server {
  const child = spawn(process.execPath, ["server.js"], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      AUTH_SECRET: "smoke-test-secret-0123456789abcdef",
      AUTH_TRUST_HOST: "true",
      NEXT_TELEMETRY_DISABLED: "1",
      RCC_SHUTDOWN_DEADLINE_MS: "15000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, url: `http://127.0.0.1:${port}`, log: () => out, exited };
}

async function waitFor(s: Server, p: string, ms = 90_000) {
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

function check(ok: unknown, what: string) {
  if (!ok) throw new Error(`smoke: ${what}`);
  console.log(`✓ ${what}`);
}

async function main() {
  await ensurePostgres();
  const name = `rcc_smoke_${Date.now().toString(36)}_${process.pid}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = databaseUrlFor(name);
  const servers: Server[] = [];
  try {
    const [p1, p2] = [await freePort(), await freePort()];
    servers.push(start(url, p1), start(url, p2));
    await Promise.all(servers.map((s) => waitFor(s, "/api/health")));
    check(true, "two `node server.js` replicas started at once on an empty database");

    const migrations = readMigrations(path.join(root, "prisma/migrations"));
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
    const appliers = servers.filter((s) => s.log().includes("[migrate] applying"));
    check(appliers.length === 1, "one replica migrated, the other found the database up to date");
    const status = spawnSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "status"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" },
      encoding: "utf8",
    });
    check(status.status === 0 && status.stdout.includes("up to date"), "`prisma migrate status`: up to date");

    for (const s of servers) await waitFor(s, "/api/ready", 15_000);
    check(true, "/api/ready answers 200 on both replicas");

    // A page and its static assets (copied next to the standalone output by build-server).
    const page = await fetch(`${servers[0].url}/status`);
    const html = await page.text();
    const asset = /\/_next\/static\/[^"']+\.(?:js|css)/.exec(html)?.[0];
    check(page.status === 200 && asset, "the public status page renders");
    check((await fetch(`${servers[1].url}${asset}`)).status === 200, `its static asset ${asset} is served`);

    const [first, second] = servers;
    const t0 = Date.now();
    first.child.kill("SIGTERM");
    const code = await Promise.race([first.exited, new Promise((r) => setTimeout(() => r("timeout"), 20_000))]);
    check(code === 0, `SIGTERM: drained and exited 0 in ${Date.now() - t0} ms`);
    check(first.log().includes("[shutdown] drained"), "the drain ran (runner hand-off, loops stopped, pool closed)");
    await waitFor(second, "/api/ready", 5_000);
    check(true, "the other replica stays ready");
  } finally {
    for (const s of servers) s.child.kill("SIGKILL");
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
