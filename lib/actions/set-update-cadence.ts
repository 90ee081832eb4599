"use server";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { setUpdateCadenceSchema } from "@/lib/comms/schemas";
import { appendEvent } from "@/lib/incidents/timeline";

/** The incident's comms settings: customer update cadence, and the links the internal notice shares. */
export const setUpdateCadenceAction = defineAction({
  permission: "notice.edit",
  schema: setUpdateCadenceSchema,
  async run({ incidentId, updateCadenceMin, warRoomUrl, incidentDocUrl }, user) {
    await db.$transaction(async (tx) => {
      const current = await tx.incident.findUnique({
        where: { id: incidentId },
        select: { updateCadenceMin: true, warRoomUrl: true, incidentDocUrl: true },
      });
      if (!current) throw new AppError("not_found", "That incident does not exist.");
      const changes: string[] = [];
      if (current.updateCadenceMin !== updateCadenceMin)
        changes.push(`customer updates every ${updateCadenceMin} min (was ${current.updateCadenceMin})`);
      if (current.warRoomUrl !== warRoomUrl) changes.push(warRoomUrl ? "war-room link set" : "war-room link removed");
      if (current.incidentDocUrl !== incidentDocUrl)
        changes.push(incidentDocUrl ? "incident doc link set" : "incident doc link removed");
      if (!changes.length) return;
      await tx.incident.update({ where: { id: incidentId }, data: { updateCadenceMin, warRoomUrl, incidentDocUrl } });
      await appendEvent(
        {
          incidentId,
          kind: "comms.settings",
          actor: user.name,
          actorId: user.id,
          message: `Comms: ${changes.join("; ")}`,
          payload: { updateCadenceMin },
        },
        tx,
      );
    });
    revalidate(`/incidents/${incidentId}`);
    return { updateCadenceMin };
  },
});
