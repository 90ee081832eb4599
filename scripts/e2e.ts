// Runs the Playwright suite against a production build with real services: a fresh migrated and
// seeded database on the machine's Postgres (more services join as the product grows).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { createDatabase } from "../test/postgres/database";
import { seed } from "../prisma/seed";

const root = path.resolve(import.meta.dirname, "..");

async function main() {
  const database = await createDatabase("rcc_e2e");
  let status = 1;
  try {
    await seed(database.url);
    const env = {
      ...process.env,
      DATABASE_URL: database.url,
      AUTH_SECRET: "e2e-secret-0123456789abcdef0123456789",
      NEXT_TELEMETRY_DISABLED: "1",
    };
    const args = ["test", ...process.argv.slice(2)];
    status = spawnSync(path.join(root, "node_modules/.bin/playwright"), args, { cwd: root, env, stdio: "inherit" }).status ?? 1;
  } finally {
    if (!process.env.KEEP_TEST_DB) await database.drop();
  }
  process.exit(status);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
