// Prisma CLI config: migrations run through the pg driver adapter and the bundled WebAssembly
// schema engine, so no engine binary is ever downloaded (see ../shared/STACK.md).
import path from "node:path";
import type { PrismaConfig } from "prisma";
import { migrationAdapterFactory } from "./lib/db-url";

export default {
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations"), seed: "tsx prisma/seed.ts" },
  adapter: async () => migrationAdapterFactory(),
} satisfies PrismaConfig;
