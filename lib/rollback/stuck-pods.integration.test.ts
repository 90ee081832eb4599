/**
 * kubernetes#67250 on the real control plane: an OrderedReady StatefulSet whose bad revision left a
 * pod that never becomes ready (here: unschedulable) keeps that pod on the bad revision after
 * `kubectl rollout undo`, and its rollout never finishes. The dashboard names the pod and, only
 * after the commander's separate confirmation, deletes exactly that pod; the controller then
 * recreates it from the restored revision and the rollout completes.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runAs, type ActingUser } from "@/lib/auth/acting-user";
import { db } from "@/lib/db";
import { deleteStuckPodsAction } from "@/lib/actions/delete-stuck-pods";
import { stuckStatefulSets } from "@/lib/rollback/stuck-pods";
import { kubeClients } from "@/lib/k8s/clients";
import type { StatefulSet } from "@/lib/k8s/types";
import { kubectl, kubectlRaw } from "@/test/cluster/kubectl";
import { IMG, apply, createNamespace, deleteNamespace, getJson } from "@/test/k8s/helpers";
import { userWithRole } from "@/test/helpers/users";
import { revisionedManifest, waitSynced } from "./strategies/deployment-undo/revision-undo.fixtures";

const kubeconfig = inject("kubeconfig");
process.env.KUBECONFIG = kubeconfig;
const admin = { kube: kubeClients(undefined, kubeconfig) };

let ns: string;
let commander: ActingUser;
let viewer: ActingUser;
let incidentId: string;
let otherIncidentId: string;

type Pod = {
  metadata: { name: string; uid: string; labels: Record<string, string> };
  status: { phase: string; conditions?: { type: string; status: string }[] };
};
const pod = (name: string) => getJson<Pod>(kubeconfig, ns, "pod", name);
const ready = (p: Pod) =>
  p.status.phase === "Running" && (p.status.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** db-1 exists at the StatefulSet's wanted revision and is running and ready. */
async function podAtUpdateRevision(name: string) {
  const sts = await getJson<StatefulSet>(kubeconfig, ns, "statefulset", "db");
  const p = await pod(name);
  return p.metadata.labels["controller-revision-hash"] === sts.status?.updateRevision && ready(p) ? p : null;
}

beforeAll(async () => {
  ns = await createNamespace(kubeconfig, "rcc-stuck");
  commander = await userWithRole("commander", "stuck");
  viewer = await userWithRole("viewer", "stuck");
  const service = await db.service.create({
    data: { name: `stuck-${randomBytes(3).toString("hex")}`, namespace: ns, deployments: [], statefulSets: ["db"] },
  });
  const other = await db.service.create({
    data: { name: `other-${randomBytes(3).toString("hex")}`, namespace: ns, deployments: [], statefulSets: ["cache"] },
  });
  incidentId = (await db.incident.create({ data: { title: "db stuck", severity: "P1", serviceId: service.id } })).id;
  otherIncidentId = (await db.incident.create({ data: { title: "other", severity: "P2", serviceId: other.id } })).id;

  // v1: two healthy pods.
  await apply(kubeconfig, ns, revisionedManifest("StatefulSet", "db", { image: IMG("3.9"), replicas: 2 }));
  await waitSynced(admin, "StatefulSet", ns, "db");
  await until("db-1 ready at v1", () => podAtUpdateRevision("db-1"));
  // v2, the bad deploy: its pods can never be scheduled. The controller replaces db-1 first (highest
  // ordinal) and then waits for it forever.
  const bad = revisionedManifest("StatefulSet", "db", { image: IMG("3.10"), replicas: 2 });
  Object.assign(bad.spec.template.spec, { nodeSelector: { "rcc.test/no-such-node": "true" } });
  await apply(kubeconfig, ns, bad);
  const v2 = await waitSynced(admin, "StatefulSet", ns, "db");
  await until("db-1 recreated at v2 and pending", async () => {
    const p = await pod("db-1");
    return p.metadata.labels["controller-revision-hash"] === v2.status?.updateRevision && p.status.phase === "Pending";
  });
}, 180_000);

afterAll(() => deleteNamespace(kubeconfig, ns));

describe("a StatefulSet stuck on a broken pod (OrderedReady, kubernetes#67250)", () => {
  it("stays stuck after kubectl rollout undo, is named with its reason, and recovers once the confirmed pod is deleted", async () => {
    await kubectl(kubeconfig, ["-n", ns, "rollout", "undo", "statefulset/db"]);
    const restored = await waitSynced(admin, "StatefulSet", ns, "db");
    const stuckUid = (await pod("db-1")).metadata.uid;
    // The controller does not replace the broken pod by itself: it is still the v2 pod a while later.
    await new Promise((r) => setTimeout(r, 3000));
    const still = await pod("db-1");
    expect(still.metadata.uid).toBe(stuckUid);
    expect(still.metadata.labels["controller-revision-hash"]).not.toBe(restored.status?.updateRevision);
    const status = await kubectlRaw(kubeconfig, ["-n", ns, "rollout", "status", "statefulset/db", "--timeout=2s"]);
    expect(status.code).not.toBe(0);

    // What the incident page shows: the pod, its bad revision and the scheduler's reason.
    const [found] = await stuckStatefulSets(incidentId);
    expect(found).toMatchObject({ statefulSet: "db", namespace: ns, updateRevision: restored.status?.updateRevision });
    expect(found.pods.map((p) => p.name)).toEqual(["db-1"]);
    expect(found.pods[0].reason).toMatch(/Unschedulable/);
    const target = { name: "db-1", uid: stuckUid };

    // Refusals change nothing: a viewer; a StatefulSet the incident's service does not name; a pod
    // other than the one shown (a stale page after the pod was replaced).
    const asViewer = await runAs(viewer, () =>
      deleteStuckPodsAction({ incidentId, statefulSet: "db", pods: [target] }),
    );
    expect(asViewer).toMatchObject({ ok: false, code: "forbidden" });
    const wrongService = await runAs(commander, () =>
      deleteStuckPodsAction({ incidentId: otherIncidentId, statefulSet: "db", pods: [target] }),
    );
    expect(wrongService).toMatchObject({ ok: false, code: "forbidden" });
    expect(wrongService.ok || wrongService.error).toMatch(/does not name StatefulSet "db"/);
    const stale = await runAs(commander, () =>
      deleteStuckPodsAction({ incidentId, statefulSet: "db", pods: [{ name: "db-1", uid: "not-the-pod-shown" }] }),
    );
    expect(stale).toMatchObject({ ok: false, code: "conflict" });
    expect((await pod("db-1")).metadata.uid).toBe(stuckUid);

    // Confirmed: exactly that pod goes, the controller recreates it from the restored revision, and
    // the rollout finishes as kubectl reports it.
    const done = await runAs(commander, () => deleteStuckPodsAction({ incidentId, statefulSet: "db", pods: [target] }));
    expect(done).toEqual({ ok: true, data: { deleted: ["db-1"] } });
    const recreated = await until("db-1 ready at the restored revision", () => podAtUpdateRevision("db-1"));
    expect(recreated.metadata.uid).not.toBe(stuckUid);
    const after = await kubectlRaw(kubeconfig, ["-n", ns, "rollout", "status", "statefulset/db", "--timeout=60s"]);
    expect(after.code, after.stderr).toBe(0);
    expect(await stuckStatefulSets(incidentId)).toEqual([]);

    const events = await db.timelineEvent.findMany({ where: { incidentId, kind: "workload.stuck_pods_deleted" } });
    expect(events).toHaveLength(1);
    expect(events[0].actor).toBe(commander.name);
    expect(events[0].message).toContain(`Deleted stuck pod db-1 of StatefulSet ${ns}/db`);
    expect(events[0].payload).toMatchObject({ deleted: ["db-1"], error: null, statefulSet: "db" });
  }, 180_000);
});
