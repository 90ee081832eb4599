/**
 * Create or update one service from the editor (or the sandbox), with optimistic concurrency: the
 * editor sends the revision it read, and a save over a newer one is refused with who changed it and
 * when. Everything (settings, revision, audit row) lands in one transaction or not at all.
 */
import { AppError } from "@/lib/errors";
import { formatUtc } from "@/lib/format/date";
import type { ServiceSource } from "@/lib/generated/prisma/enums";
import { serviceSettingsSchema, type ServiceSettingsInput } from "@/lib/services/service-settings";
import { readOnlyReason } from "./read-only";
import { lockService, writeService, type CatalogActor, type CatalogDb, type WriteOutcome } from "./write-service";

export type SaveServiceInput = {
  /** The service being edited; absent to create one. */
  id?: string;
  /** The revision the editor read; required with `id`. */
  revision?: number;
  settings: ServiceSettingsInput;
};

/** What a save answers (serialisable). `outcome` "unchanged": nothing differed, nothing was written. */
export type SavedService = {
  id: string;
  name: string;
  revision: number;
  managedBy: ServiceSource;
  outcome: WriteOutcome;
};

export type SaveServiceOptions = {
  actor: CatalogActor;
  /**
   * "editor" (default): create refuses an existing name, update needs the revision read.
   * "sandbox": the sandbox's own service, created or overwritten by name.
   */
  managedBy?: Extract<ServiceSource, "editor" | "sandbox">;
};

export async function saveService(
  db: CatalogDb,
  input: SaveServiceInput,
  opts: SaveServiceOptions,
): Promise<SavedService> {
  const parsed = serviceSettingsSchema.safeParse(input.settings);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError(
      "invalid",
      `Invalid service settings: ${first?.path.join(".") || "settings"}: ${first?.message}`,
    );
  }
  const settings = parsed.data;
  const managedBy = opts.managedBy ?? "editor";
  if (managedBy === "editor" && input.id && input.revision === undefined)
    throw new AppError("invalid", "Saving a service needs the revision you edited.");

  const save = db.$transaction(async (tx) => {
    const existing = input.id
      ? await lockService(tx, { id: input.id })
      : managedBy === "sandbox"
        ? await lockService(tx, { name: settings.name })
        : null;
    if (input.id && !existing) throw new AppError("not_found", "That service no longer exists (someone deleted it).");
    if (existing) {
      const reason = readOnlyReason(existing);
      if (reason) throw new AppError("forbidden", reason);
      if (input.revision !== undefined && existing.revision !== input.revision) {
        const who = existing.updatedByName ?? "someone";
        throw new AppError(
          "conflict",
          `"${existing.name}" was changed by ${who} at ${formatUtc(existing.updatedAt)} (revision ${existing.revision}; you edited revision ${input.revision}). Reload it to see that change, then save again.`,
        );
      }
    }
    if (!existing || existing.name !== settings.name) {
      const taken = await tx.service.findUnique({ where: { name: settings.name }, select: { managedBy: true } });
      if (taken)
        throw new AppError(
          "conflict",
          `A service named "${settings.name}" already exists${taken.managedBy === "file" ? " (from the catalog file)" : ""}.`,
        );
    }
    const written = await writeService(tx, existing, settings, { managedBy, source: managedBy, actor: opts.actor });
    return { ...written, managedBy };
  });
  return save.catch((e: unknown) => {
    // Two creates of one name at once: the unique index refuses the second.
    if ((e as { code?: string }).code === "P2002")
      throw new AppError("conflict", `A service named "${settings.name}" was just created by someone else.`);
    throw e;
  });
}
