/**
 * Delete a service from the editor. Refused while it has open incidents or active rollbacks (the
 * runner and the commander still need its settings), and for file-managed services. Resolved
 * incidents stay; they lose the link to the service. The audit row keeps the last settings.
 */
import { AppError } from "@/lib/errors";
import { formatUtc } from "@/lib/format/date";
import { readOnlyReason } from "./read-only";
import { lockService, referencesOf, removeService, type CatalogActor, type CatalogDb } from "./write-service";

export type DeleteServiceInput = {
  id: string;
  /** The revision the editor showed; when given, a newer one refuses the delete. */
  revision?: number;
};

export type DeletedService = { id: string; name: string };

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

export async function deleteService(
  db: CatalogDb,
  input: DeleteServiceInput,
  opts: { actor: CatalogActor },
): Promise<DeletedService> {
  return db.$transaction(async (tx) => {
    const existing = await lockService(tx, { id: input.id });
    if (!existing) throw new AppError("not_found", "That service no longer exists (someone deleted it).");
    const reason = readOnlyReason(existing);
    if (reason) throw new AppError("forbidden", reason);
    if (input.revision !== undefined && existing.revision !== input.revision)
      throw new AppError(
        "conflict",
        `"${existing.name}" was changed by ${existing.updatedByName ?? "someone"} at ${formatUtc(existing.updatedAt)}: reload it before deleting.`,
      );
    const refs = await referencesOf(tx, existing.id);
    const blocking = [
      refs.openIncidents ? plural(refs.openIncidents, "open incident") : "",
      refs.activeRollbacks ? plural(refs.activeRollbacks, "unfinished rollback") : "",
    ].filter(Boolean);
    if (blocking.length)
      throw new AppError(
        "conflict",
        `"${existing.name}" has ${blocking.join(" and ")}: resolve ${blocking.length > 1 || refs.openIncidents > 1 || refs.activeRollbacks > 1 ? "them" : "it"} before deleting the service.`,
      );
    await removeService(tx, existing, { source: "editor", actor: opts.actor });
    return { id: existing.id, name: existing.name };
  });
}
