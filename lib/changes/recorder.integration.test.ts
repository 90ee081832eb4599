// The change recorder on a real control plane of its own (its apiserver is restarted mid-test) and
// the real Postgres: `kubectl set image`, `kubectl rollout undo`, flag edits and the real helm's
// install, upgrade and rollback each become one ChangeEvent, across a restart of the recorder
// (resume from the cursor, nothing twice), an apiserver restart, and a cursor the apiserver no
// longer serves (410 Gone → list again); the dashboard's own rollbacks are marked as such.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planRollbackAction } from "@/lib/actions/plan-rollback";
import { startRollbackAction } from "@/lib/actions/start-rollback";
import { runAs, type ActingUser } from "@/lib/auth/acting-user";
import { db } from "@/lib/db";
import { kubeClients, resetKubeClients } from "@/lib/k8s/clients";
import { startCluster, type Cluster } from "@/test/cluster/launcher";
import { kubectl } from "@/test/cluster/kubectl";
import { ensureHelm, helm } from "@/test/helm/helm";
import { HELM_FIXTURE_CHART, packageBadChart } from "@/test/helm/strategy-fixtures";
import { userWithRole } from "@/test/helpers/users";
import { IMG, apply, createNamespace, deployment, waitObserved } from "@/test/k8s/helpers";
import { until } from "@/test/runner/replica";
import { helmDetailsOf } from "./helm-details";
import { startChangeRecorder, type ChangeRecorder } from "./recorder";
import { streamKey } from "./streams";

let cluster: Cluster;
let kc: string;
let ns: string;
let serviceId: string;
const lists: string[] = [];
const logs: string[] = [];
let recorder: ChangeRecorder | null = null;
let home = "";
let badChart = "";
let commander: ActingUser;
/** The Helm release the service lists (strategies.helmReleases), installed by the tests. */
const RELEASE = "shop";
const PAUSE = (tag: string) => `registry.k8s.io/pause:${tag}`;
const h = (args: string[]) =>
  helm([...args, "--namespace", ns, "--wait", "--timeout", "60s"], { home, kubeconfig: kc });

const flags = (state: string) => ({
  "new-checkout": { state, variants: { on: true, off: false }, defaultVariant: "on" },
});

function start() {
  recorder = startChangeRecorder({
    databaseUrl: process.env.DATABASE_URL!,
    instanceId: `test-${Date.now()}`,
    refreshMs: 1_000,
    log: (m) => void logs.push(m),
    serviceIds: [serviceId],
    kube: () => kubeClients(undefined, kc),
    onList: (key, reason) => void lists.push(`${key}:${reason}`),
  });
  return recorder;
}
async function stop() {
  await recorder?.stop();
  recorder = null;
}
const changes = () => db.changeEvent.findMany({ where: { serviceId }, orderBy: { id: "asc" } });
let appliedAt = 0;
/** Managed-fields times are whole seconds: the next write must land in a later one to be "latest". */
async function afterTheApplySecond() {
  while (Math.floor(Date.now() / 1000) <= Math.floor(appliedAt / 1000)) await new Promise((r) => setTimeout(r, 50));
}
type Row = Awaited<ReturnType<typeof changes>>[number];
/** Helm revision `revision` of the release, at `status` (the recorder keeps a revision's status current). */
const helmAt = (revision: number, status: string) => (c: Row) =>
  c.sourceKind === "HelmRelease" && c.revision === String(revision) && helmDetailsOf(c.details)?.status === status;
const helmRevisions = async () =>
  (await changes()).filter((c) => c.sourceKind === "HelmRelease").map((c) => Number(c.revision));
const waitFor = (what: string, pred: (c: Row) => boolean) =>
  until(async () => (await changes()).find(pred), 60_000, what).catch((e: Error) => {
    throw new Error(`${e.message}; recorder log:\n${logs.slice(-20).join("\n")}`);
  });

beforeAll(async () => {
  process.env.RCC_HELM_BIN = ensureHelm();
  home = await mkdtemp(path.join(os.tmpdir(), "rcc-changes-helm-"));
  // The upgrade is a new chart version (0.2.0, app 2.0), as a real release would be.
  badChart = await packageBadChart(home);
  commander = await userWithRole("commander", "changes");
  cluster = await startCluster({ name: "changes", nodes: 1 });
  kc = cluster.kubeconfigPath;
  // The dashboard's rollbacks (the runner's clients) act on this test's own cluster.
  process.env.KUBECONFIG = kc;
  resetKubeClients();
  ns = await createNamespace(kc, "changes");
  await apply(kc, ns, deployment("web", { image: IMG("3.9"), replicas: 1 }));
  await apply(kc, ns, {
    apiVersion: "core.openfeature.dev/v1beta1",
    kind: "FeatureFlag",
    metadata: { name: "shop-flags" },
    spec: { flagSpec: { flags: flags("ENABLED") } },
  });
  await apply(kc, ns, {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "shop-flagd" },
    data: { "shop.flagd.json": JSON.stringify({ flags: flags("ENABLED") }) },
  });
  appliedAt = Date.now();
  await waitObserved(kc, ns, "web");
  const svc = await db.service.create({
    data: {
      name: `changes-${ns}`,
      namespace: ns,
      deployments: ["web"],
      rolloutTimeoutSec: 60,
      strategyConfig: {
        flags: [
          { source: "featureflag-cr", name: "shop-flags" },
          { source: "configmap", name: "shop-flagd" },
        ],
        helmReleases: [RELEASE],
      },
    },
  });
  serviceId = svc.id;
}, 240_000);

afterAll(async () => {
  await stop();
  await cluster?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

describe("the change recorder", () => {
  it("records the existing revision and flags once, then kubectl set image and a flag edit as they happen", async () => {
    start();
    const first = await waitFor("revision 1", (c) => c.sourceKind === "ReplicaSet" && c.revision === "1");
    expect(first).toMatchObject({ workloadKind: "Deployment", workloadName: "web", images: [IMG("3.9")] });
    await waitFor("the FeatureFlag baseline", (c) => c.sourceKind === "FeatureFlag");
    await waitFor("the ConfigMap baseline", (c) => c.sourceKind === "ConfigMap");

    await afterTheApplySecond();
    await kubectl(kc, ["-n", ns, "set", "image", "deployment/web", `app=${IMG("3.10")}`]);
    const set = await waitFor("revision 2", (c) => c.sourceKind === "ReplicaSet" && c.revision === "2");
    expect(set).toMatchObject({ images: [IMG("3.10")], actor: "kubectl-set", fromDashboard: false });
    expect(set.summary).toBe(`Deployment web → ${IMG("3.10")} (revision 2)`);

    await kubectl(kc, [
      "-n",
      ns,
      "patch",
      "featureflag/shop-flags",
      "--type=merge",
      "-p",
      JSON.stringify({ spec: { flagSpec: { flags: flags("DISABLED") } } }),
    ]);
    const flag = await waitFor("the flag edit", (c) => c.sourceKind === "FeatureFlag" && c.revision === "2");
    expect(flag.summary).toBe("FeatureFlag shop-flags: new-checkout: ENABLED → DISABLED");
    expect(flag.actor).toBe("kubectl-patch");
    expect(lists.filter((l) => l.endsWith(":no cursor")).sort()).toEqual(
      [
        streamKey("default", ns, "ConfigMap", "shop-flagd"),
        streamKey("default", ns, "FeatureFlag", "shop-flags"),
        streamKey("default", ns, "ReplicaSet"),
        streamKey("default", ns, "HelmRelease", RELEASE),
      ]
        .sort()
        .map((k) => `${k}:no cursor`),
    );
  });

  it("records helm install and helm upgrade once each, whatever statuses helm writes the revision through", async () => {
    await h(["install", RELEASE, HELM_FIXTURE_CHART]);
    const installed = await waitFor("helm revision 1, deployed", helmAt(1, "deployed"));
    expect(installed).toMatchObject({
      workloadKind: "HelmRelease",
      workloadName: RELEASE,
      objectName: `sh.helm.release.v1.${RELEASE}.v1`,
      summary: `Helm release ${RELEASE} → web-release-0.1.0 (app 1.0) (revision 1)`,
      images: [PAUSE("3.9")],
      changeCause: "Install complete",
      // The field manager helm 4 writes its records with.
      actor: "Helm",
      fromDashboard: false,
    });
    expect(helmDetailsOf(installed.details)).toEqual({
      release: RELEASE,
      revision: 1,
      chart: "web-release",
      chartVersion: "0.1.0",
      appVersion: "1.0",
      status: "deployed",
      description: "Install complete",
      rollbackTo: null,
    });
    // The chart's own Secret's value is in the release's manifest: never in what the recorder keeps.
    expect(JSON.stringify([installed.summary, installed.changeCause, installed.details])).not.toMatch(/pw-1\.0/);

    // pending-upgrade → deployed for revision 2, deployed → superseded for revision 1: one row each.
    await h(["upgrade", RELEASE, badChart, "--set", `image=${PAUSE("3.10")}`]);
    const upgraded = await waitFor("helm revision 2, deployed", helmAt(2, "deployed"));
    expect(upgraded).toMatchObject({
      summary: `Helm release ${RELEASE} → web-release-0.2.0 (app 2.0) (revision 2)`,
      images: [PAUSE("3.10")],
      changeCause: "Upgrade complete",
      fromDashboard: false,
    });
    await waitFor("helm revision 1, superseded", helmAt(1, "superseded"));
    expect(await helmRevisions()).toEqual([1, 2]);
    expect((await changes()).find(helmAt(1, "superseded"))!.id).toBe(installed.id);
  });

  it("resumes after a restart of the recorder: an undo made meanwhile is recorded once, nothing twice", async () => {
    await stop();
    const before = await changes();
    await kubectl(kc, ["-n", ns, "rollout", "undo", "deployment/web"]);
    await waitObserved(kc, ns, "web");
    // helm rollback makes revision 3, a copy of revision 1, and supersedes revision 2.
    await h(["rollback", RELEASE, "1"]);
    lists.length = 0;
    start();
    // The undo re-numbers the first ReplicaSet: a change at revision 3 of the same object.
    const undo = await waitFor("revision 3", (c) => c.sourceKind === "ReplicaSet" && c.revision === "3");
    const rs1 = before.find((c) => c.sourceKind === "ReplicaSet" && c.revision === "1")!;
    expect(undo).toMatchObject({ objectName: rs1.objectName, objectUid: rs1.objectUid, images: [IMG("3.9")] });
    const rollback = await waitFor("helm revision 3, deployed", helmAt(3, "deployed"));
    expect(rollback).toMatchObject({
      summary: `Helm release ${RELEASE} → web-release-0.1.0 (app 1.0) (revision 3, rollback to revision 1)`,
      changeCause: "Rollback to 1",
      images: [PAUSE("3.9")],
      fromDashboard: false,
    });
    expect(helmDetailsOf(rollback.details)?.rollbackTo).toBe(1);
    // Revision 2 was superseded while the recorder was down: its row says so, still one row.
    await waitFor("helm revision 2, superseded", helmAt(2, "superseded"));
    expect(lists).toEqual([]); // resumed from the cursors, no list
    const after = await changes();
    expect(after.slice(0, before.length).map((c) => c.id)).toEqual(before.map((c) => c.id));
    expect(
      after
        .slice(before.length)
        .map((c) => c.id)
        .sort(),
    ).toEqual([undo.id, rollback.id].sort());
  });

  it("goes on across an apiserver restart: a new image and flag edits after it, each once", async () => {
    await cluster.restartApiserver();
    await kubectl(kc, ["-n", ns, "set", "image", "deployment/web", `app=${IMG("3.11")}`]);
    const cm = {
      "shop.flagd.json": JSON.stringify({ flags: flags("DISABLED") }),
    };
    await kubectl(kc, ["-n", ns, "patch", "configmap/shop-flagd", "--type=merge", "-p", JSON.stringify({ data: cm })]);
    const image = await waitFor("revision 4", (c) => c.sourceKind === "ReplicaSet" && c.revision === "4");
    expect(image.images).toEqual([IMG("3.11")]);
    const edit = await waitFor(
      "the ConfigMap edit",
      (c) => c.sourceKind === "ConfigMap" && c.summary.includes("ENABLED → DISABLED"),
    );
    expect(edit.summary).toBe("ConfigMap shop-flagd: new-checkout: ENABLED → DISABLED");
    // An edit that leaves the flags as they were is no change.
    await kubectl(kc, ["-n", ns, "annotate", "configmap/shop-flagd", "team=shop"]);
    await kubectl(kc, ["-n", ns, "set", "image", "deployment/web", `app=${IMG("3.12")}`]);
    await waitFor("revision 5", (c) => c.sourceKind === "ReplicaSet" && c.revision === "5");
    await h(["upgrade", RELEASE, badChart, "--set", `image=${PAUSE("3.10")}`]);
    await waitFor("helm revision 4, deployed", helmAt(4, "deployed"));
    await waitFor("helm revision 3, superseded", helmAt(3, "superseded"));
    expect(await helmRevisions()).toEqual([1, 2, 3, 4]);
    const all = await changes();
    const keys = all.map((c) => `${c.sourceKind}/${c.objectName}/${c.revision}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(all.filter((c) => c.sourceKind === "ConfigMap").map((c) => c.summary)).toEqual([
      "ConfigMap shop-flagd: new-checkout: ENABLED, default on",
      "ConfigMap shop-flagd: new-checkout: ENABLED → DISABLED",
    ]);
    expect(all.filter((c) => c.sourceKind === "ReplicaSet").map((c) => c.revision)).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("lists again when the stored resourceVersion is gone (410), recording nothing twice", async () => {
    await stop();
    const before = await changes();
    const key = streamKey("default", ns, "ReplicaSet");
    const helmKey = streamKey("default", ns, "HelmRelease", RELEASE);
    // A version from before the cluster's history: the apiserver answers 410 Gone for it.
    for (const k of [key, helmKey])
      await db.changeWatchCursor.update({ where: { key: k }, data: { resourceVersion: "1" } });
    lists.length = 0;
    start();
    await until(async () => lists.includes(`${key}:gone`), 60_000, "the re-list after 410");
    // The re-listed Helm records (every revision, each at its latest status) are all recorded already.
    await until(async () => lists.includes(`${helmKey}:gone`), 60_000, "the Helm re-list after 410");
    await kubectl(kc, ["-n", ns, "set", "image", "deployment/web", `app=${IMG("3.13")}`]);
    await waitFor("revision 6", (c) => c.sourceKind === "ReplicaSet" && c.revision === "6");
    const after = await changes();
    expect(after.length).toBe(before.length + 1);
  });

  it("marks the dashboard's own rollbacks: a Helm rollback and a Deployment undo, each once, fromDashboard", async () => {
    expect(recorder).not.toBeNull();
    const service = await db.service.findUniqueOrThrow({ where: { id: serviceId } });
    const incident = await db.incident.create({
      data: { title: "checkout is failing", severity: "P1", serviceId },
    });
    /** Plan → confirm → the runner, as the incident page does; resolves with the finished action. */
    const rollBack = async (strategy: "helm-rollback" | "deployment-undo", params: object) => {
      const planned = await runAs(commander, () =>
        planRollbackAction({
          incidentId: incident.id,
          serviceId,
          strategy,
          params,
          idempotencyKey: `changes-${strategy}-${Date.now()}`,
        }),
      );
      if (!planned.ok) throw new Error(`plan failed: ${planned.error}`);
      const started = await runAs(commander, () =>
        startRollbackAction({ actionId: planned.data.actionId, confirmation: service.name }),
      );
      expect(started.ok).toBe(true);
      return until(
        async () => {
          const a = await db.rollbackAction.findUniqueOrThrow({ where: { id: planned.data.actionId } });
          return ["succeeded", "failed", "cancelled"].includes(a.state) ? a : null;
        },
        120_000,
        `the ${strategy} rollback`,
      );
    };
    const before = await changes();

    // helm rollback from revision 4 to the one before it: revision 5, a copy of 3.
    const helmAction = await rollBack("helm-rollback", { release: RELEASE });
    expect(helmAction.state, JSON.stringify(helmAction.result)).toBe("succeeded");
    const helmChange = await waitFor("helm revision 5, deployed", helmAt(5, "deployed"));
    expect(helmChange).toMatchObject({
      summary: `Helm release ${RELEASE} → web-release-0.1.0 (app 1.0) (revision 5, rollback to revision 3)`,
      fromDashboard: true,
      rollbackId: helmAction.id,
      actor: `${helmAction.requestedBy} (Rollback Command Center)`,
    });

    // kubectl's undo to the previous revision: ReplicaSet revision 5 re-numbered 7.
    const undoAction = await rollBack("deployment-undo", { deployment: "web" });
    expect(undoAction.state, JSON.stringify(undoAction.result)).toBe("succeeded");
    const undo = await waitFor("revision 7", (c) => c.sourceKind === "ReplicaSet" && c.revision === "7");
    expect(undo).toMatchObject({
      images: [IMG("3.12")],
      fromDashboard: true,
      rollbackId: undoAction.id,
      actor: `${undoAction.requestedBy} (Rollback Command Center)`,
    });

    const after = await changes();
    expect(
      after
        .filter((c) => !before.some((b) => b.id === c.id))
        .map((c) => c.id)
        .sort(),
    ).toEqual([helmChange.id, undo.id].sort());
    expect(await helmRevisions()).toEqual([1, 2, 3, 4, 5]);
  });
});
