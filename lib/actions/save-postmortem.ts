"use server";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { appendEvent } from "@/lib/incidents/timeline";

const savePostMortemSchema = z.object({
  incidentId: z.string().min(1).max(64),
  body: z
    .string()
    .max(200_000, "The document is too long (200000 characters at most).")
    .refine((v) => v.trim().length > 0, "The document is empty."),
});

export const savePostMortemAction = defineAction({
  permission: "postmortem.edit",
  schema: savePostMortemSchema,
  async run({ incidentId, body }, user) {
    await db.$transaction(async (tx) => {
      const incident = await tx.incident.findUnique({ where: { id: incidentId }, select: { id: true } });
      if (!incident) throw new AppError("not_found", "That incident does not exist.");
      const existing = await tx.postMortem.findUnique({ where: { incidentId }, select: { id: true } });
      await tx.postMortem.upsert({
        where: { incidentId },
        create: { incidentId, body, updatedById: user.id },
        update: { body, updatedById: user.id },
      });
      await appendEvent(
        {
          incidentId,
          kind: "postmortem.saved",
          actor: user.name,
          actorId: user.id,
          message: existing ? "Post-mortem updated" : "Post-mortem saved",
          payload: { length: body.length },
        },
        tx,
      );
    });
    revalidate(`/incidents/${incidentId}/postmortem`);
    return { savedAt: new Date().toISOString() };
  },
});
