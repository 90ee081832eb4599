// Development seed: one user per role, a demo service, and the runbook's templates. Idempotent.
// It makes its own client (lib/db is server-only and reads the app's env).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../lib/generated/prisma/client";
import { parseDatabaseUrl } from "../lib/db-url";
import { hashPassword } from "../lib/auth/password";
import { SEED_USERS } from "./seed-users";
import { seedChecklists } from "./seed-checklists";

export async function seed(databaseUrl = process.env.DATABASE_URL) {
  if (!databaseUrl) throw new Error("DATABASE_URL is not set");
  const db = new PrismaClient({ adapter: new PrismaPg({ ...parseDatabaseUrl(databaseUrl), max: 2 }) });
  try {
    for (const u of SEED_USERS) {
      const passwordHash = await hashPassword(u.password);
      await db.user.upsert({
        where: { email: u.email },
        update: {},
        create: { email: u.email, name: u.name, role: u.role, passwordHash },
      });
    }
    await db.service.upsert({
      where: { name: "checkout" },
      update: {},
      create: {
        name: "checkout",
        description: "Demo service: takes orders.",
        namespace: "default",
        deployments: ["checkout"],
        triggerPolicy: "notify",
      },
    });
    await (await import("./seed-comms")).seedComms(db);
    await seedChecklists(db);
  } finally {
    await db.$disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  seed().then(
    () => console.log("Seeded users, services and templates."),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
