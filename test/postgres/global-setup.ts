// Vitest global setup: one fresh database per integration run, dropped afterwards.
import type { TestProject } from "vitest/node";
import { createDatabase } from "./database";

export default async function setup(project: TestProject) {
  const database = await createDatabase();
  process.env.DATABASE_URL = database.url;
  project.provide("databaseUrl", database.url);
  return async () => {
    if (!process.env.KEEP_TEST_DB) await database.drop();
  };
}
