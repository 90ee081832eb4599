"use server";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { appendEvent } from "@/lib/incidents/timeline";
import { computeMetrics, estimateRevenue } from "@/lib/postmortem/metrics";
import { loadIncidentMetrics } from "@/lib/postmortem/queries";
import { updateMetricsSchema } from "@/lib/postmortem/schemas";

/** The edit as the metrics will read it from the timeline once recorded (see enteredImpactStart). */
const enteredEvent = (at: Date | null) => ({
  kind: "metrics.updated",
  createdAt: new Date(),
  payload: { impactStartedAt: at?.toISOString() ?? null },
});

export const updateIncidentMetricsAction = defineAction({
  permission: "metrics.edit",
  schema: updateMetricsSchema,
  async run(input, user) {
    const current = await loadIncidentMetrics(input.incidentId);
    if (!current) throw new AppError("not_found", "That incident does not exist.");
    // The form shows the derived impact start; only a changed value is a person's entry (which then
    // wins over the derived one). Unchanged, the column and the derivation stay as they were.
    const derived = current.metrics.impactStarted?.at.getTime() ?? null;
    const impactEdited = (input.impactStartedAt?.getTime() ?? null) !== derived;
    const impactStartedAt = impactEdited ? input.impactStartedAt : current.input.impactStartedAt;
    let revenueImpact = input.revenueImpact;
    let revenueNote: string | undefined;
    if (input.revenueMode === "estimated") {
      // Estimated over the user impact as it will be after this edit (detection time may change).
      const edited = { ...current.input, impactStartedAt, detectedAt: input.detectedAt };
      const impact = computeMetrics({
        ...edited,
        events: impactEdited ? [...edited.events, enteredEvent(input.impactStartedAt)] : edited.events,
      }).userImpact;
      const est = estimateRevenue(
        { baselinePerSec: input.baselinePerSec!, duringPerSec: input.duringPerSec!, valuePerUnit: input.valuePerUnit! },
        impact,
      );
      if (!est.known) throw new AppError("invalid", `Revenue ${est.reason}.`);
      revenueImpact = est.amount;
      revenueNote = est.note;
    }
    const data = {
      impactStartedAt,
      detectedAt: input.detectedAt,
      decisionAt: input.decisionAt,
      dataLoss: input.dataLoss,
      rootCauseCategory: input.rootCauseCategory,
      revenueImpact,
    };
    await db.$transaction(async (tx) => {
      await tx.incident.update({ where: { id: input.incidentId }, data });
      await appendEvent(
        {
          incidentId: input.incidentId,
          kind: "metrics.updated",
          actor: user.name,
          actorId: user.id,
          message: `Metrics updated: root cause ${data.rootCauseCategory ?? "not set"}, data loss ${data.dataLoss ?? "not recorded"}, revenue impact ${
            revenueImpact === null ? "not entered" : `${revenueImpact.toFixed(2)} (${input.revenueMode})`
          }`,
          payload: {
            ...(impactEdited ? { impactStartedAt: input.impactStartedAt?.toISOString() ?? null } : {}),
            detectedAt: data.detectedAt?.toISOString() ?? null,
            decisionAt: data.decisionAt?.toISOString() ?? null,
            revenueBasis: revenueImpact === null ? null : input.revenueMode,
            revenueNote: revenueNote ?? null,
          },
        },
        tx,
      );
    });
    revalidate(`/incidents/${input.incidentId}`, "/metrics");
    return { revenueImpact };
  },
});
