"use server";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { defineAction } from "@/lib/actions/define-action";
import { addNoteSchema } from "@/lib/incidents/schemas";
import { appendEvent, toView } from "@/lib/incidents/timeline";

export const addNoteAction = defineAction({
  permission: "incident.note",
  schema: addNoteSchema,
  async run({ incidentId, message }, user) {
    const exists = await db.incident.findUnique({ where: { id: incidentId }, select: { id: true } });
    if (!exists) throw new AppError("not_found", "That incident does not exist.");
    const event = await appendEvent({ incidentId, kind: "note", actor: user.name, actorId: user.id, message });
    return toView(event);
  },
});
