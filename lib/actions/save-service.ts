"use server";
import { z } from "zod";
import { db } from "@/lib/db";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { saveService } from "@/lib/services/catalog/save-service";
import { serviceSettingsSchema } from "@/lib/services/service-settings";

const saveServiceSchema = z.object({
  /** Absent: create. */
  id: z.string().min(1).max(64).optional(),
  /** The revision the editor read (ServiceSettingsView.revision); required with `id`. */
  revision: z.coerce.number().int().min(1).optional(),
  settings: serviceSettingsSchema,
});

/**
 * Admins: create or update one service's settings. Answers SavedService ({ id, name, revision,
 * managedBy, outcome }). Refusals: "conflict" when someone saved since the revision read ("changed
 * by X at T"), "forbidden" for a file-managed service; field errors are keyed "settings.<field>".
 */
export const saveServiceAction = defineAction({
  permission: "service.edit",
  schema: saveServiceSchema,
  async run(input, user) {
    const saved = await saveService(db, input, { actor: { id: user.id, name: user.name } });
    revalidate("/services", `/services/${saved.id}`);
    return saved;
  },
});
