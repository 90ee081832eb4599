import "server-only";
/**
 * GitOps holds as records: hold and release for an incident, the timeline events, and the active
 * holds a page shows. The Kubernetes patches are ./hold.ts. The row is written BEFORE the hold's
 * patch (the partial unique index reserves the object), so a recorded previous setting can never be
 * lost between the patch and the insert; a patch that fails deletes its row again.
 * holdGitops is both the standalone action's and a rollback's "Hold GitOps sync" step's
 * (./hold-step.ts): the step passes `planned`, binding the hold to the object its plan showed.
 */
import { z } from "zod";
import { assertServiceTeam } from "@/lib/auth/check-service-team";
import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import { formatUtc } from "@/lib/format/date";
import { appendEvent } from "@/lib/incidents/timeline";
import { serviceKubeClients } from "@/lib/k8s/clients";
import { targetsOf } from "@/lib/services/service-settings";
import { holdReconciler, releaseReconciler, settingText, type HoldPrevious, type SeenReconciler } from "./hold";
import { apiVersionOf } from "./reconcilers";
import { holdViolation, RECONCILER_KINDS, refLabel, type ReconcilerRef } from "./settings";

const REQUEST_BUDGET_MS = 30_000;

const previousSchema: z.ZodType<HoldPrevious> = z.union([
  z.object({ automated: z.record(z.string(), z.unknown()) }),
  z.object({ suspend: z.boolean().nullable() }),
]);
const specSchema = z.record(z.string(), z.unknown());

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return code === "P2002" || /Unique constraint|23505/.test(String((e as Error)?.message));
}

export interface ActiveHold {
  id: string;
  serviceId: string;
  serviceName: string;
  kind: ReconcilerRef["kind"];
  namespace: string;
  name: string;
  setting: string;
  heldBy: string;
  heldAt: Date;
}

export async function activeHolds(incidentId: string): Promise<ActiveHold[]> {
  const rows = await db.gitopsHold.findMany({
    where: { incidentId, releasedAt: null },
    include: { service: { select: { name: true } } },
    orderBy: { heldAt: "asc" },
  });
  return rows.map((r) => ({
    id: r.id,
    serviceId: r.serviceId,
    serviceName: r.service.name,
    kind: z.enum(RECONCILER_KINDS).parse(r.kind),
    namespace: r.namespace,
    name: r.name,
    // A row reserved while its patch is still on its way has no recorded setting yet.
    setting: r.uid ? settingText(previousSchema.parse(r.previous)) : "(the hold is being applied)",
    heldBy: r.heldBy,
    heldAt: r.heldAt,
  }));
}

export async function holdGitops(
  input: {
    incidentId: string;
    serviceId: string;
    ref: ReconcilerRef;
    /**
     * A rollback's hold step: refuse when the object changed since the plan; and an active hold of
     * this incident on the object (the button clicked first, or a resumed run) is the hold, not a conflict.
     */
    planned?: SeenReconciler & { actionId: string };
  },
  actor: SessionUser,
): Promise<{ holdId: string; setting: string; existing?: true }> {
  const [incident, service] = await Promise.all([
    db.incident.findUnique({ where: { id: input.incidentId }, select: { id: true } }),
    db.service.findUnique({ where: { id: input.serviceId } }),
  ]);
  if (!incident) throw new AppError("not_found", "That incident does not exist.");
  if (!service) throw new AppError("not_found", "That service does not exist.");
  await assertServiceTeam(db, service, actor);
  const violation = holdViolation(targetsOf(service), input.ref);
  if (violation) throw new AppError("forbidden", `Forbidden: ${violation}.`);
  const { ref } = input;
  const key = { clusterContext: service.clusterContext, kind: ref.kind, namespace: ref.namespace, name: ref.name };
  let row;
  try {
    row = await db.gitopsHold.create({
      data: {
        incidentId: incident.id,
        serviceId: service.id,
        ...key,
        apiVersion: apiVersionOf(ref.kind),
        uid: "",
        resourceVersion: "",
        previous: {},
        specAfterHold: {},
        heldBy: actor.name,
        heldById: actor.id,
      },
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const other = await db.gitopsHold.findFirst({ where: { ...key, releasedAt: null } });
    if (input.planned && other?.incidentId === incident.id && other.uid)
      return { holdId: other.id, setting: settingText(previousSchema.parse(other.previous)), existing: true };
    throw new AppError(
      "conflict",
      `${refLabel(ref)} is already held${other ? ` by ${other.heldBy} since ${formatUtc(other.heldAt)}` : ""}; release that hold first.`,
    );
  }
  let held;
  try {
    held = await holdReconciler(
      { kube: serviceKubeClients(service), signal: AbortSignal.timeout(REQUEST_BUDGET_MS) },
      ref,
      input.planned,
    );
  } catch (e) {
    await db.gitopsHold.delete({ where: { id: row.id } });
    throw isAppError(e) ? e : new AppError("failed", `Could not hold ${refLabel(ref)}.`, { cause: e });
  }
  const setting = settingText(held.previous);
  await db.$transaction(async (tx) => {
    await tx.gitopsHold.update({
      where: { id: row.id },
      data: {
        uid: held.uid,
        resourceVersion: held.resourceVersion,
        previous: JSON.parse(JSON.stringify(held.previous)),
        specAfterHold: JSON.parse(JSON.stringify(held.specAfterHold)),
      },
    });
    await appendEvent(
      {
        incidentId: incident.id,
        kind: "gitops.held",
        actor: actor.name,
        actorId: actor.id,
        message: `Held ${refLabel(ref)} (${ref.kind === "Application" ? "automated sync removed" : "spec.suspend: true"}; was ${setting})`,
        payload: {
          holdId: row.id,
          serviceId: service.id,
          ...ref,
          setting,
          ...(input.planned ? { actionId: input.planned.actionId } : {}),
        },
      },
      tx,
    );
  });
  return { holdId: row.id, setting };
}

/**
 * Restores what the hold replaced, exactly, or refuses with nothing changed (./hold.ts). A recorded
 * hold may be released even if the service's settings no longer list the object: release only puts
 * back what this dashboard changed, and refusing would strand the reconciler switched off.
 */
export async function releaseGitopsHold(
  input: { holdId: string },
  actor: SessionUser,
): Promise<{ holdId: string; setting: string }> {
  const hold = await db.gitopsHold.findUnique({ where: { id: input.holdId }, include: { service: true } });
  if (!hold) throw new AppError("not_found", "That hold does not exist.");
  if (hold.releasedAt)
    throw new AppError(
      "conflict",
      `That hold was already released by ${hold.releasedBy} at ${formatUtc(hold.releasedAt)}.`,
    );
  await assertServiceTeam(db, hold.service, actor);
  const ref: ReconcilerRef = {
    kind: z.enum(RECONCILER_KINDS).parse(hold.kind),
    namespace: hold.namespace,
    name: hold.name,
  };
  if (!hold.uid) throw new AppError("conflict", `The hold of ${refLabel(ref)} is still being applied; try again.`);
  const previous = previousSchema.parse(hold.previous);
  await releaseReconciler(
    { kube: serviceKubeClients(hold.service), signal: AbortSignal.timeout(REQUEST_BUDGET_MS) },
    ref,
    {
      uid: hold.uid,
      resourceVersion: hold.resourceVersion,
      previous,
      specAfterHold: specSchema.parse(hold.specAfterHold),
    },
  );
  const setting = settingText(previous);
  await db.$transaction(async (tx) => {
    await tx.gitopsHold.updateMany({
      where: { id: hold.id, releasedAt: null },
      data: { releasedAt: new Date(), releasedBy: actor.name, releasedById: actor.id },
    });
    await appendEvent(
      {
        incidentId: hold.incidentId,
        kind: "gitops.released",
        actor: actor.name,
        actorId: actor.id,
        message: `Released the hold of ${refLabel(ref)}: restored ${setting}`,
        payload: { holdId: hold.id, serviceId: hold.serviceId, ...ref, setting },
      },
      tx,
    );
  });
  return { holdId: hold.id, setting };
}
