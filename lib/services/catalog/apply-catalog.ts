/**
 * Applies a parsed catalog in ONE transaction (all or nothing), for the catalog file and for an
 * admin's import. A transaction-scoped advisory lock serializes applies across replicas.
 *   file:   entries become file-managed (the file wins over editor/annotation services); file
 *           services gone from the file are deleted when nothing references them, else handed to
 *           the editor (incidents and rollbacks are never lost).
 *   import: entries become editor-managed; a file-managed name is refused (change it in the file).
 */
import type { ServiceSettings } from "@/lib/services/service-settings";
import {
  changeManager,
  lockService,
  referencesOf,
  removeService,
  writeService,
  type CatalogActor,
  type CatalogDb,
} from "./write-service";

export type CatalogApplyResult = {
  created: string[];
  updated: string[];
  unchanged: string[];
  /** File services gone from the file, deleted (nothing referenced them). */
  removed: string[];
  /** File services gone from the file but referenced by incidents or rollbacks: now editor-managed. */
  detached: string[];
};

/** Thrown inside the transaction (so it rolls back) when an import names file-managed services. */
export class FileManagedConflict extends Error {
  constructor(readonly names: string[]) {
    super(`file-managed: ${names.join(", ")}`);
  }
}

const APPLY_TIMEOUT_MS = 60_000;

export async function applyCatalog(
  db: CatalogDb,
  services: readonly ServiceSettings[],
  opts: { mode: "file" | "import"; actor: CatalogActor },
): Promise<CatalogApplyResult> {
  const managedBy = opts.mode === "file" ? "file" : "editor";
  const source = opts.mode;
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('rcc:catalog-apply'))`;
      const result: CatalogApplyResult = { created: [], updated: [], unchanged: [], removed: [], detached: [] };
      const locked = [];
      for (const s of services) locked.push({ s, existing: await lockService(tx, { name: s.name }) });
      if (opts.mode === "import") {
        const fromFile = locked.filter((l) => l.existing?.managedBy === "file").map((l) => l.s.name);
        if (fromFile.length) throw new FileManagedConflict(fromFile);
      }
      for (const { s, existing } of locked) {
        const w = await writeService(tx, existing, s, { managedBy, source, actor: opts.actor });
        result[w.outcome].push(w.name);
      }
      if (opts.mode === "file") {
        const names = services.map((s) => s.name);
        const gone = await tx.service.findMany({
          where: { managedBy: "file", name: { notIn: names } },
          select: { id: true },
          orderBy: { name: "asc" },
        });
        for (const { id } of gone) {
          const row = await lockService(tx, { id });
          if (!row || row.managedBy !== "file") continue;
          const refs = await referencesOf(tx, row.id);
          if (refs.incidents + refs.rollbacks === 0) {
            await removeService(tx, row, { source, actor: opts.actor });
            result.removed.push(row.name);
          } else {
            await changeManager(tx, row, "editor", { source, actor: opts.actor });
            result.detached.push(row.name);
          }
        }
      }
      return result;
    },
    { timeout: APPLY_TIMEOUT_MS, maxWait: 10_000 },
  );
}
