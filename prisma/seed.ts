// Development seed: the runbook's templates and, only on the embedded database, one user per role
// with a known password. Idempotent. No services: a new dashboard starts with an empty catalog (the
// onboarding page); the sandbox and the e2e launcher bring theirs through the catalog code.
// It makes its own client (lib/db is server-only and reads the app's env).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../lib/generated/prisma/client";
import { parseDatabaseUrl } from "../lib/db-url";
import { hashPassword } from "../lib/auth/password";
import { SEED_USERS } from "./seed-users";
import { seedChecklists } from "./seed-checklists";

/**
 * The marker that lets the seed create the users with known passwords (prisma/seed-users.ts). Only the
 * launchers of a throwaway or local database pass it: scripts/start-embedded.ts (embedded Postgres),
 * the sandbox, and the test launchers. `npm run db:seed` never does.
 */
export const EMBEDDED_KNOWN_PASSWORDS = "embedded-known-passwords";
export type SeedOptions = { users?: typeof EMBEDDED_KNOWN_PASSWORDS };

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** Known passwords go only to a database on this machine (the embedded one, or a test server). */
export function isLoopbackDatabase(databaseUrl: string): boolean {
  const { host } = parseDatabaseUrl(databaseUrl);
  return LOOPBACK.has(host.toLowerCase()) || host.startsWith("/"); // "/…": a local Unix socket
}

export async function seed(databaseUrl = process.env.DATABASE_URL, opts: SeedOptions = {}) {
  if (!databaseUrl) throw new Error("DATABASE_URL is not set");
  const withUsers = opts.users === EMBEDDED_KNOWN_PASSWORDS;
  // A fixed sentence: the URL (and its password) stays out of the message.
  if (withUsers && !isLoopbackDatabase(databaseUrl)) {
    throw new Error(
      "Refusing to seed the users with known passwords: the database is not on this machine (only the embedded or a test database gets them).",
    );
  }
  const db = new PrismaClient({ adapter: new PrismaPg({ ...parseDatabaseUrl(databaseUrl), max: 2 }) });
  try {
    for (const u of withUsers ? SEED_USERS : []) {
      const passwordHash = await hashPassword(u.password);
      await db.user.upsert({
        where: { email: u.email },
        update: {},
        create: { email: u.email, name: u.name, role: u.role, passwordHash },
      });
    }
    await (await import("./seed-comms")).seedComms(db);
    await seedChecklists(db);
  } finally {
    await db.$disconnect();
  }
}

// `npm run db:seed`: whatever DATABASE_URL names, never the users with known passwords.
if (import.meta.url === `file://${process.argv[1]}`) {
  seed().then(
    () =>
      console.log(
        "Seeded the templates. No users with known passwords: those exist only on the embedded database (npm run start:embedded); create real users through single sign-on.",
      ),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
