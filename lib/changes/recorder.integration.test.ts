// The change recorder on a real control plane of its own (its apiserver is restarted mid-test) and
// the real Postgres: `kubectl set image`, `kubectl rollout undo` and flag edits each become one
// ChangeEvent, across a restart of the recorder (resume from the cursor, nothing twice), an
// apiserver restart, and a cursor the apiserver no longer serves (410 Gone → list again).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { kubeClients } from "@/lib/k8s/clients";
import { startCluster, type Cluster } from "@/test/cluster/launcher";
import { kubectl } from "@/test/cluster/kubectl";
import { IMG, apply, createNamespace, deployment, waitObserved } from "@/test/k8s/helpers";
import { until } from "@/test/runner/replica";
import { startChangeRecorder, type ChangeRecorder } from "./recorder";
import { streamKey } from "./streams";

let cluster: Cluster;
let kc: string;
let ns: string;
let serviceId: string;
const lists: string[] = [];
const logs: string[] = [];
let recorder: ChangeRecorder | null = null;

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
const waitFor = (what: string, pred: (c: Awaited<ReturnType<typeof changes>>[number]) => boolean) =>
  until(async () => (await changes()).find(pred), 60_000, what).catch((e: Error) => {
    throw new Error(`${e.message}; recorder log:\n${logs.slice(-20).join("\n")}`);
  });

beforeAll(async () => {
  cluster = await startCluster({ name: "changes", nodes: 1 });
  kc = cluster.kubeconfigPath;
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
      strategyConfig: {
        flags: [
          { source: "featureflag-cr", name: "shop-flags" },
          { source: "configmap", name: "shop-flagd" },
        ],
      },
    },
  });
  serviceId = svc.id;
}, 240_000);

afterAll(async () => {
  await stop();
  await cluster?.stop();
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
      ].map((k) => `${k}:no cursor`),
    );
  });

  it("resumes after a restart of the recorder: an undo made meanwhile is recorded once, nothing twice", async () => {
    await stop();
    const before = await changes();
    await kubectl(kc, ["-n", ns, "rollout", "undo", "deployment/web"]);
    await waitObserved(kc, ns, "web");
    lists.length = 0;
    start();
    // The undo re-numbers the first ReplicaSet: a change at revision 3 of the same object.
    const undo = await waitFor("revision 3", (c) => c.sourceKind === "ReplicaSet" && c.revision === "3");
    const rs1 = before.find((c) => c.sourceKind === "ReplicaSet" && c.revision === "1")!;
    expect(undo).toMatchObject({ objectName: rs1.objectName, objectUid: rs1.objectUid, images: [IMG("3.9")] });
    expect(lists).toEqual([]); // resumed from the cursors, no list
    const after = await changes();
    expect(after.map((c) => c.id)).toEqual([...before.map((c) => c.id), undo.id]);
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
    // A version from before the cluster's history: the apiserver answers 410 Gone for it.
    await db.changeWatchCursor.update({ where: { key }, data: { resourceVersion: "1" } });
    lists.length = 0;
    start();
    await until(async () => lists.includes(`${key}:gone`), 60_000, "the re-list after 410");
    await kubectl(kc, ["-n", ns, "set", "image", "deployment/web", `app=${IMG("3.13")}`]);
    await waitFor("revision 6", (c) => c.sourceKind === "ReplicaSet" && c.revision === "6");
    const after = await changes();
    expect(after.length).toBe(before.length + 1);
  });
});
