// Prisma CLI config: migrations run through the pg driver adapter and the bundled WebAssembly
// schema engine, so no engine binary is ever downloaded (see ../shared/STACK.md).
import path from "node:path";
import type { PrismaConfig } from "prisma";
import { migrationAdapterFactory } from "./lib/db-url";

// The schema names env("DATABASE_URL") so the CLI can parse it; `prisma generate` (run by
// `npm ci`) needs no database, so it gets a placeholder. Migrations still insist on a real one.
const configuredUrl = process.env.DATABASE_URL;
process.env.DATABASE_URL ??= "postgres://not-configured@127.0.0.1:1/not-configured";

export default {
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations"), seed: "tsx prisma/seed.ts" },
  adapter: async () => migrationAdapterFactory(configuredUrl),
} satisfies PrismaConfig;
