/**
 * An admin's upload/paste of catalog YAML: the same parser and the same all-or-nothing transaction
 * as the catalog file, as editor-managed services (audit source "import"). Services the YAML does
 * not name are left alone. Invalid YAML, or a name the catalog file manages, applies nothing.
 */
import { applyCatalog, FileManagedConflict, type CatalogApplyResult } from "./apply-catalog";
import { parseCatalog, type CatalogError } from "./parse-catalog";
import { catalogFileName } from "./read-only";
import type { CatalogActor, CatalogDb } from "./write-service";

/** Serialisable. `applied: false`: nothing was saved; `errors` name the service, field and line. */
export type ImportCatalogResult =
  | ({ applied: true } & Pick<CatalogApplyResult, "created" | "updated" | "unchanged">)
  | { applied: false; errors: CatalogError[] };

export async function importCatalog(
  db: CatalogDb,
  yamlText: string,
  opts: { actor: CatalogActor },
): Promise<ImportCatalogResult> {
  const parsed = parseCatalog(yamlText);
  if (!parsed.ok) return { applied: false, errors: parsed.errors };
  try {
    const r = await applyCatalog(db, parsed.services, { mode: "import", actor: opts.actor });
    return { applied: true, created: r.created, updated: r.updated, unchanged: r.unchanged };
  } catch (e) {
    if (!(e instanceof FileManagedConflict)) throw e;
    const file = catalogFileName();
    return {
      applied: false,
      errors: e.names.map((name) => ({
        service: name,
        field: "name",
        line: parsed.lines[name] ?? 1,
        message: `"${name}" comes from the catalog file${file ? ` ${file}` : ""} (RCC_CATALOG): change it in that file, not by import`,
      })),
    };
  }
}
