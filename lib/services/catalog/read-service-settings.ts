/**
 * One service as the editor reads it: its settings, the revision to save over, who manages it and
 * who changed it last. A stored row that no longer validates is reported (problems), not hidden.
 */
import type { Service } from "@/lib/generated/prisma/client";
import type { ServiceSource } from "@/lib/generated/prisma/enums";
import { settingsFromRow, type ServiceSettings } from "@/lib/services/service-settings";
import { readOnlyReason } from "./read-only";
import type { CatalogDb } from "./write-service";

/** Serialisable: dates are ISO strings. */
export type ServiceSettingsView = {
  id: string;
  name: string;
  /** Send it back with a save: a newer one refuses the save ("changed by X at T"). */
  revision: number;
  managedBy: ServiceSource;
  /** Why the editor may not change it (file-managed), or null. */
  readOnly: string | null;
  updatedBy: { id: string | null; name: string } | null;
  updatedAt: string;
  /** null when the stored row is invalid; then `problems` says why. */
  settings: ServiceSettings | null;
  problems: { field: string; message: string }[];
};

export function settingsViewOf(row: Service): ServiceSettingsView {
  const parsed = settingsFromRow(row);
  return {
    id: row.id,
    name: row.name,
    revision: row.revision,
    managedBy: row.managedBy,
    readOnly: readOnlyReason(row),
    updatedBy: row.updatedByName ? { id: row.updatedById, name: row.updatedByName } : null,
    updatedAt: row.updatedAt.toISOString(),
    settings: parsed.success ? parsed.data : null,
    problems: parsed.success
      ? []
      : parsed.error.issues.map((i) => ({ field: i.path.map(String).join(".") || "(row)", message: i.message })),
  };
}

export async function readServiceSettings(db: CatalogDb, id: string): Promise<ServiceSettingsView | null> {
  const row = await db.service.findUnique({ where: { id } });
  return row ? settingsViewOf(row) : null;
}

/** Every service (or the named ones), by name. */
export async function readCatalog(db: CatalogDb, names?: readonly string[]): Promise<ServiceSettingsView[]> {
  const rows = await db.service.findMany({
    where: names ? { name: { in: [...names] } } : undefined,
    orderBy: { name: "asc" },
  });
  return rows.map(settingsViewOf);
}
