"use server";
import { z } from "zod";
import { db } from "@/lib/db";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { importCatalog } from "@/lib/services/catalog/import-catalog";
import { MAX_CATALOG_BYTES } from "@/lib/services/catalog/parse-catalog";

const importCatalogSchema = z.object({
  yaml: z.string().min(1, "Paste or upload a catalog file.").max(MAX_CATALOG_BYTES, "The catalog is too large."),
});

/**
 * Admins: apply pasted/uploaded catalog YAML as editor-managed services, all or nothing. Answers
 * ImportCatalogResult: { applied: true, created, updated, unchanged } or { applied: false, errors }
 * with each error's service, field and line (nothing was saved).
 */
export const importCatalogAction = defineAction({
  permission: "service.edit",
  schema: importCatalogSchema,
  async run({ yaml }, user) {
    const result = await importCatalog(db, yaml, { actor: { id: user.id, name: user.name } });
    if (result.applied) revalidate("/services");
    return result;
  },
});
