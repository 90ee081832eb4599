import "server-only";
/**
 * The separately confirmed step for a StatefulSet stuck on a broken pod (lib/k8s/stuck-pods.ts):
 * what the incident page offers, and the deletion the commander confirms. Bound to the service's
 * configuration (only the StatefulSets it names), to its owning team, and to the exact pods the
 * commander saw: a pod that became healthy or was replaced since is refused, and nothing is
 * deleted unless every pod asked for is still stuck. Recorded on the timeline, a partial failure too.
 */
import { assertServiceTeam } from "@/lib/auth/check-service-team";
import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { AppError, operatorMessageOf } from "@/lib/errors";
import { appendEvent } from "@/lib/incidents/timeline";
import { serviceKubeClients } from "@/lib/k8s/clients";
import { deletePodExactly, findStuckPods, listStatefulSetPods, type StuckPodsFinding } from "@/lib/k8s/stuck-pods";
import type { StatefulSet } from "@/lib/k8s/types";
import { getRevisionedWorkload } from "@/lib/k8s/workloads";
import { targetsOf } from "@/lib/services/service-settings";

const REQUEST_BUDGET_MS = 30_000;

export interface StuckStatefulSet extends StuckPodsFinding {
  statefulSet: string;
  namespace: string;
}

async function incidentService(incidentId: string) {
  const incident = await db.incident.findUnique({ where: { id: incidentId }, include: { service: true } });
  if (!incident) throw new AppError("not_found", "That incident does not exist.");
  if (!incident.service) throw new AppError("invalid", "This incident has no service, so no StatefulSet to look at.");
  return { incident, service: incident.service };
}

const callContext = (service: { clusterContext: string }) => ({
  kube: serviceKubeClients(service),
  signal: AbortSignal.timeout(REQUEST_BUDGET_MS),
});

async function readFinding(
  ctx: ReturnType<typeof callContext>,
  namespace: string,
  name: string,
): Promise<StuckPodsFinding | null> {
  const sts = (await getRevisionedWorkload(ctx, "StatefulSet", namespace, name)) as StatefulSet;
  return findStuckPods(sts, await listStatefulSetPods(ctx, sts));
}

/** The incident's service's StatefulSets with pods stuck on a revision they no longer want. */
export async function stuckStatefulSets(incidentId: string): Promise<StuckStatefulSet[]> {
  const { service } = await incidentService(incidentId);
  const names = targetsOf(service).statefulSets ?? [];
  if (!names.length) return [];
  const ctx = callContext(service);
  const out: StuckStatefulSet[] = [];
  for (const name of names) {
    const finding = await readFinding(ctx, service.namespace, name);
    if (finding) out.push({ statefulSet: name, namespace: service.namespace, ...finding });
  }
  return out;
}

export async function deleteStuckPods(
  input: { incidentId: string; statefulSet: string; pods: { name: string; uid: string }[] },
  actor: SessionUser,
): Promise<{ deleted: string[] }> {
  const { incident, service } = await incidentService(input.incidentId);
  await assertServiceTeam(db, service, actor);
  const allowed = targetsOf(service).statefulSets ?? [];
  if (!allowed.includes(input.statefulSet))
    throw new AppError(
      "forbidden",
      `Forbidden: service "${service.name}" does not name StatefulSet "${input.statefulSet}" (it names ${allowed.length ? allowed.join(", ") : "none"}).`,
    );
  const ctx = callContext(service);
  const finding = await readFinding(ctx, service.namespace, input.statefulSet);
  const stuck = new Map((finding?.pods ?? []).map((p) => [p.uid, p]));
  const gone = input.pods.filter((p) => !stuck.has(p.uid));
  if (gone.length)
    throw new AppError(
      "conflict",
      `Nothing deleted: ${gone.map((p) => p.name).join(", ")} ${gone.length > 1 ? "are" : "is"} no longer stuck ` +
        `(ready now, replaced or gone). Look at the StatefulSet again.`,
    );
  const pods = input.pods.map((p) => stuck.get(p.uid)!);
  const deleted: string[] = [];
  let failure: string | null = null;
  for (const pod of pods) {
    try {
      await deletePodExactly(ctx, service.namespace, pod);
      deleted.push(pod.name);
    } catch (e) {
      failure = `${pod.name}: ${operatorMessageOf(e)}`;
      break;
    }
  }
  const subject = `StatefulSet ${service.namespace}/${input.statefulSet}`;
  await appendEvent({
    incidentId: incident.id,
    kind: "workload.stuck_pods_deleted",
    actor: actor.name,
    actorId: actor.id,
    message: failure
      ? `Deleting stuck pods of ${subject} stopped: ${failure}` +
        (deleted.length ? ` (deleted before that: ${deleted.join(", ")})` : " (none deleted)")
      : `Deleted stuck pod${deleted.length > 1 ? "s" : ""} ${deleted.join(", ")} of ${subject}, so the controller ` +
        `recreates ${deleted.length > 1 ? "them" : "it"} at revision ${finding!.updateRevision} (OrderedReady waits on a broken pod, kubernetes#67250)`,
    payload: {
      serviceId: service.id,
      namespace: service.namespace,
      statefulSet: input.statefulSet,
      updateRevision: finding!.updateRevision,
      pods: pods.map(({ name, revision, reason }) => ({ name, revision, reason })),
      deleted,
      error: failure,
    },
  });
  if (failure) throw new AppError("failed", `Deleting stuck pods stopped at ${failure}.`);
  return { deleted };
}
