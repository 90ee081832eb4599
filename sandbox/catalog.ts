// The sandbox's demo service goes through the catalog code like any other service: save-service,
// managed by "sandbox", audited, with the revision bumped on every change. Plain Node, so it brings
// its own Prisma client (lib/db is server-only).
import { PrismaPg } from "@prisma/adapter-pg";
import { SYSTEM_USER_ID } from "../lib/auth/acting-user";
import { parseDatabaseUrl } from "../lib/db-url";
import { PrismaClient } from "../lib/generated/prisma/client";
import { saveService, type SavedService } from "../lib/services/catalog/save-service";
import { storedSettings } from "../lib/services/catalog/write-service";
import type { ServiceSettings, ServiceSettingsInput } from "../lib/services/service-settings";
import { SANDBOX } from "./config";

export const SANDBOX_ACTOR = { id: SYSTEM_USER_ID, name: "sandbox" };

export async function withCatalogDb<T>(databaseUrl: string, fn: (db: PrismaClient) => Promise<T>): Promise<T> {
  const db = new PrismaClient({ adapter: new PrismaPg({ ...parseDatabaseUrl(databaseUrl), max: 2 }) });
  try {
    return await fn(db);
  } finally {
    await db.$disconnect();
  }
}

/** Creates or overwrites the sandbox's service. */
export function saveSandboxService(databaseUrl: string, settings: ServiceSettingsInput): Promise<SavedService> {
  return withCatalogDb(databaseUrl, (db) =>
    saveService(db, { settings }, { actor: SANDBOX_ACTOR, managedBy: "sandbox" }),
  );
}

/** Changes some settings of the sandbox's service (e.g. its trigger policy), through the same path. */
export function updateSandboxService(
  databaseUrl: string,
  change: (current: ServiceSettings) => ServiceSettingsInput,
): Promise<SavedService> {
  return withCatalogDb(databaseUrl, async (db) => {
    const row = await db.service.findUnique({ where: { name: SANDBOX.service } });
    const current = row && storedSettings(row);
    if (!current) throw new Error(`The sandbox service "${SANDBOX.service}" is missing or its settings are invalid`);
    return saveService(db, { settings: change(current) }, { actor: SANDBOX_ACTOR, managedBy: "sandbox" });
  });
}
