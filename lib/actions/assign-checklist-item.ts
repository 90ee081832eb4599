"use server";
import { z } from "zod";
import { db } from "@/lib/db";
import { SYSTEM_USER_ID } from "@/lib/auth/acting-user";
import { AppError } from "@/lib/errors";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { appendEvent } from "@/lib/incidents/timeline";

const assignChecklistItemSchema = z.object({
  incidentId: z.string().min(1).max(64),
  itemId: z.string().min(1).max(64),
  /** Empty: nobody owns it. */
  ownerId: z.string().max(64).default(""),
});

export const assignChecklistItemAction = defineAction({
  permission: "checklist.update",
  schema: assignChecklistItemSchema,
  async run({ incidentId, itemId, ownerId }, user) {
    const owner = ownerId
      ? await db.user.findFirst({
          where: { id: ownerId, NOT: { id: SYSTEM_USER_ID }, role: { not: "viewer" } },
          select: { id: true, name: true },
        })
      : null;
    if (ownerId && !owner) throw new AppError("invalid", "That person cannot own checklist items.");
    await db.$transaction(async (tx) => {
      const item = await tx.checklistItem.findFirst({ where: { id: itemId, incidentId } });
      if (!item) throw new AppError("not_found", "That checklist item does not exist.");
      if (item.ownerId === (owner?.id ?? null)) return;
      await tx.checklistItem.update({ where: { id: itemId }, data: { ownerId: owner?.id ?? null } });
      await appendEvent(
        {
          incidentId,
          kind: "checklist.assigned",
          actor: user.name,
          actorId: user.id,
          message: owner ? `${owner.name} owns: ${item.text}` : `Nobody owns: ${item.text}`,
          payload: { itemId, ownerId: owner?.id ?? null },
        },
        tx,
      );
    });
    revalidate(`/incidents/${incidentId}`);
    return { ownerId: owner?.id ?? null };
  },
});
