// The production server as built by scripts/build-server.ts, started for real (`node server.js`):
// two replicas start at once on a fresh, empty database and migrate it once (the advisory lock),
// the rows satisfy `prisma migrate status`, liveness and readiness answer 200, and SIGTERM drains
// and exits 0. Run after `npm run build:server`: npx tsx scripts/smoke-server.ts [dir]
import { spawnSync } from "node:child_process";
import path from "node:path";
import {
  check,
  checkDrain,
  checkMigrationsApplied,
  checkStatusPage,
  emptyDatabase,
  freePort,
  serverEnv,
  startServer,
  waitFor,
  type Server,
} from "./smoke-checks";

const root = path.resolve(import.meta.dirname, "..");
const dir = path.resolve(root, process.argv[2] ?? ".next/rcc-server");

function start(databaseUrl: string, port: number): Server {
  const env = { PATH: process.env.PATH, ...serverEnv(databaseUrl, port) };
  return startServer(process.execPath, ["server.js"], { cwd: dir, env, port });
}

async function main() {
  const db = await emptyDatabase("rcc_smoke");
  const url = db.url;
  const servers: Server[] = [];
  try {
    const [p1, p2] = [await freePort(), await freePort()];
    servers.push(start(url, p1), start(url, p2));
    await Promise.all(servers.map((s) => waitFor(s, "/api/health")));
    check(true, "two `node server.js` replicas started at once on an empty database");

    await checkMigrationsApplied(url, path.join(dir, "prisma/migrations"));
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
    await checkStatusPage(servers[0], servers[1]);

    const [first, second] = servers;
    await checkDrain(first);
    await waitFor(second, "/api/ready", 5_000);
    check(true, "the other replica stays ready");
  } finally {
    for (const s of servers) s.child.kill("SIGKILL");
    await db.drop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
