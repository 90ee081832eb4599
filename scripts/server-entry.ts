// The production server's entry (scripts/build-server.ts bundles it as server.js next to Next's
// standalone server, renamed next-server.cjs): applies pending migrations behind the advisory lock
// (lib/db-migrate.ts), then starts Next. SIGTERM is ours (lib/background/shutdown.ts drains the
// runner before exiting), so Next's own handler is turned off with NEXT_MANUAL_SIG_HANDLE.
import path from "node:path";
import { createRequire } from "node:module";
import { migrateDatabase } from "@/lib/db-migrate";

const dir = import.meta.dirname;

async function main() {
  process.env.NEXT_MANUAL_SIG_HANDLE ??= "true";
  const url = process.env.DATABASE_URL;
  if ((process.env.RCC_MIGRATE_ON_START ?? "on") !== "off") {
    if (!url) {
      console.error("[migrate] DATABASE_URL is not set; the server needs a database");
      process.exit(1);
    }
    try {
      await migrateDatabase(url, path.join(dir, "prisma/migrations"));
    } catch (e) {
      console.error(`[migrate] ${e instanceof Error ? e.message : "migration failed"}; not starting`);
      process.exit(1);
    }
  }
  createRequire(path.join(dir, "server.js"))(path.join(dir, "next-server.cjs"));
}

void main();
