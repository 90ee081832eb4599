"use server";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { updateStatusSchema } from "@/lib/incidents/schemas";
import { appendEvent } from "@/lib/incidents/timeline";

export const updateIncidentStatusAction = defineAction({
  permission: "incident.update",
  schema: updateStatusSchema,
  async run({ incidentId, status }, user) {
    await db.$transaction(async (tx) => {
      const current = await tx.incident.findUnique({ where: { id: incidentId }, select: { status: true } });
      if (!current) throw new AppError("not_found", "That incident does not exist.");
      if (current.status === status) return;
      await tx.incident.update({
        where: { id: incidentId },
        data: { status, resolvedAt: status === "resolved" ? new Date() : null },
      });
      await appendEvent(
        {
          incidentId,
          kind: "incident.status",
          actor: user.name,
          actorId: user.id,
          message: `Status ${current.status} → ${status}`,
          payload: { from: current.status, to: status },
        },
        tx,
      );
    });
    revalidate(`/incidents/${incidentId}`, "/incidents");
    return { status };
  },
});
