"use server";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { appendEvent } from "@/lib/incidents/timeline";

// `done` is the state wanted, not a flip: a double click or a retried request lands the same.
const toggleChecklistItemSchema = z.object({
  incidentId: z.string().min(1).max(64),
  itemId: z.string().min(1).max(64),
  done: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]),
});

export const toggleChecklistItemAction = defineAction({
  permission: "checklist.update",
  schema: toggleChecklistItemSchema,
  async run({ incidentId, itemId, done }, user) {
    const result = await db.$transaction(async (tx) => {
      const item = await tx.checklistItem.findFirst({ where: { id: itemId, incidentId } });
      if (!item) throw new AppError("not_found", "That checklist item does not exist.");
      if (Boolean(item.doneAt) === done) return { doneAt: item.doneAt };
      const doneAt = done ? new Date() : null;
      await tx.checklistItem.update({ where: { id: itemId }, data: { doneAt, doneById: done ? user.id : null } });
      await appendEvent(
        {
          incidentId,
          kind: done ? "checklist.done" : "checklist.reopened",
          actor: user.name,
          actorId: user.id,
          message: `${done ? "Done" : "Reopened"}: ${item.text}`,
          payload: { itemId, phase: item.phase },
        },
        tx,
      );
      return { doneAt };
    });
    revalidate(`/incidents/${incidentId}`);
    return { doneAt: result.doneAt?.toISOString() ?? null };
  },
});
