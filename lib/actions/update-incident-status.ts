"use server";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { updateStatusSchema } from "@/lib/incidents/schemas";
import { appendEvent } from "@/lib/incidents/timeline";

export const updateIncidentStatusAction = defineAction({
  permission: "incident.update",
  schema: updateStatusSchema,
  async run({ incidentId, status, keepHolds }, user) {
    await db.$transaction(async (tx) => {
      const current = await tx.incident.findUnique({ where: { id: incidentId }, select: { status: true } });
      if (!current) throw new AppError("not_found", "That incident does not exist.");
      if (current.status === status) return;
      if (status === "resolved" && !keepHolds) {
        const held = await tx.gitopsHold.findMany({
          where: { incidentId, releasedAt: null },
          select: { kind: true, namespace: true, name: true },
        });
        if (held.length)
          throw new AppError(
            "conflict",
            `This incident still holds ${held.map((h) => `${h.kind} ${h.namespace}/${h.name}`).join(", ")} (GitOps sync is off). ` +
              `Release the hold under "GitOps holds", or choose "Keep holds and resolve" there.`,
          );
      }
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
