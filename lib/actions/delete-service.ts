"use server";
import { z } from "zod";
import { db } from "@/lib/db";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { deleteService } from "@/lib/services/catalog/delete-service";

const deleteServiceSchema = z.object({
  id: z.string().min(1).max(64),
  /** The revision shown; a newer one refuses the delete. */
  revision: z.coerce.number().int().min(1).optional(),
});

/**
 * Admins: delete a service (answers { id, name }). Refused ("conflict") while it has open incidents
 * or unfinished rollbacks, and ("forbidden") when the catalog file manages it.
 */
export const deleteServiceAction = defineAction({
  permission: "service.edit",
  schema: deleteServiceSchema,
  async run(input, user) {
    const deleted = await deleteService(db, input, { actor: { id: user.id, name: user.name } });
    revalidate("/services");
    return deleted;
  },
});
