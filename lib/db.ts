import "server-only";
// The one Prisma client. Runs on the query compiler + pg driver adapter: no engine binary.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { mainPoolConfig } from "@/lib/db-url";
import { env } from "@/lib/env";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm run start:embedded sets it for the embedded database)");
  return url;
}

// One client per process, also across Next's dev-mode module reloads.
function client(): PrismaClient {
  if (globalForPrisma.prisma) return globalForPrisma.prisma;
  const e = env();
  const timeouts = {
    connectMs: e.RCC_DB_CONNECT_TIMEOUT_MS,
    statementMs: e.RCC_DB_STATEMENT_TIMEOUT_MS,
    idleInTransactionMs: e.RCC_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
  return (globalForPrisma.prisma = new PrismaClient({
    adapter: new PrismaPg(mainPoolConfig(databaseUrl(), timeouts)),
  }));
}

// Created on first use, so importing this module (as `next build` does) needs no database.
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_, prop) {
    const c = client();
    const value = Reflect.get(c, prop, c);
    return typeof value === "function" ? value.bind(c) : value;
  },
});
