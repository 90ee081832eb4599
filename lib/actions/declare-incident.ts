"use server";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { declareIncidentSchema } from "@/lib/incidents/schemas";
import { appendEvent } from "@/lib/incidents/timeline";

export const declareIncidentAction = defineAction({
  permission: "incident.declare",
  schema: declareIncidentSchema,
  async run(input, user) {
    const incident = await db.$transaction(async (tx) => {
      if (input.serviceId && !(await tx.service.findUnique({ where: { id: input.serviceId }, select: { id: true } }))) {
        throw new AppError("invalid", "That service does not exist.");
      }
      const created = await tx.incident.create({
        data: {
          title: input.title,
          severity: input.severity,
          impact: input.impact,
          serviceId: input.serviceId,
          source: input.source,
          declaredById: user.id,
        },
      });
      await appendEvent(
        {
          incidentId: created.id,
          kind: "incident.declared",
          actor: user.name,
          actorId: user.id,
          message: `Declared ${created.severity}: ${created.title}`,
          payload: { severity: created.severity, serviceId: created.serviceId, source: created.source },
        },
        tx,
      );
      return created;
    });
    revalidate("/incidents");
    return { id: incident.id };
  },
});
