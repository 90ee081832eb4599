import "server-only";
// The one Prisma client. Runs on the query compiler + pg driver adapter: no engine binary.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { parseDatabaseUrl } from "@/lib/db-url";
import { env } from "@/lib/env";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function createClient() {
  const adapter = new PrismaPg({ ...parseDatabaseUrl(env().DATABASE_URL), max: 10 });
  return new PrismaClient({ adapter });
}

// One client per process, also across Next's dev-mode module reloads.
export const db: PrismaClient = globalForPrisma.prisma ?? (globalForPrisma.prisma = createClient());
