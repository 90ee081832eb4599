// `npm run start:embedded`: the dashboard on a fresh machine with nothing else installed.
// Without DATABASE_URL it starts an embedded Postgres, migrates, seeds, builds once, and serves.
// Only the embedded database gets the users with known passwords; a DATABASE_URL of your own gets the
// templates, and its users come through single sign-on (or an admin). No demo service: the catalog
// starts empty (onboarding), or comes from RCC_CATALOG.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-db";
import { EMBEDDED_KNOWN_PASSWORDS, seed } from "../prisma/seed";
import { SEED_USERS } from "../prisma/seed-users";

const root = path.resolve(import.meta.dirname, "..");
const dataRoot = path.join(root, ".data");
const port = Number(process.env.PORT ?? 3000);
const bin = (name: string) => path.join(root, "node_modules/.bin", name);

function persistentSecret(): string {
  const file = path.join(dataRoot, "auth-secret");
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(" ")} failed with exit code ${r.status}`);
}

async function main() {
  fs.mkdirSync(dataRoot, { recursive: true });
  let stopDb: (() => Promise<void>) | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.log("No DATABASE_URL: starting the embedded PostgreSQL in .data/pg …");
    const db = await startEmbeddedPostgres(dataRoot);
    databaseUrl = db.url;
    stopDb = db.stop;
  }
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: process.env.AUTH_SECRET ?? persistentSecret(),
    CHECKPOINT_DISABLE: "1",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  run(bin("prisma"), ["migrate", "deploy"], env);
  const embedded = Boolean(stopDb);
  await seed(databaseUrl, embedded ? { users: EMBEDDED_KNOWN_PASSWORDS } : {});
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID")) || process.env.RCC_REBUILD) {
    console.log("Building the dashboard once (about a minute) …");
    run(bin("next"), ["build"], env);
  }
  const server = spawn(bin("next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  const stop = async () => {
    server.kill("SIGTERM");
    await stopDb?.().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const commander = SEED_USERS.find((u) => u.role === "commander")!;
  const signIn = embedded
    ? `Sign in as the incident commander: ${commander.email} / ${commander.password}
Other seeded users (one per role): ${SEED_USERS.map((u) => `${u.email} / ${u.password}`).join(", ")}`
    : "Your DATABASE_URL was seeded without the known-password users: sign in with your own users.";
  console.log(`
Rollback Command Center is starting on http://127.0.0.1:${port}
${signIn}
Ctrl-C stops the dashboard${embedded ? " and the embedded database" : ""}.`);
  server.on("exit", async (code) => {
    await stopDb?.().catch(() => {});
    process.exit(code ?? 0);
  });
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
