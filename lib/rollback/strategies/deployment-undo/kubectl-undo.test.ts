import { describe, expect, it } from "vitest";
import { parseRevision } from "@/lib/k8s/revisions";
import type { Deployment, ReplicaSet } from "@/lib/k8s/types";
import {
  decideUndo,
  findRevision,
  replicaSetsInKubectlOrder,
  rollbackAnnotations,
} from "@/lib/rollback/strategies/deployment-undo/kubectl-undo";

const UID = "dep-uid";
const tpl = (image: string, hash?: string) => ({
  metadata: { labels: { app: "web", ...(hash ? { "pod-template-hash": hash } : {}) } },
  spec: { containers: [{ name: "app", image }] },
});
const rs = (
  name: string,
  revision: string | undefined,
  image: string,
  extra: Partial<ReplicaSet["metadata"]> = {},
): ReplicaSet => ({
  metadata: {
    name,
    uid: `${name}-uid`,
    creationTimestamp: "2026-01-01T00:00:00Z",
    annotations: revision === undefined ? {} : { "deployment.kubernetes.io/revision": revision },
    ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: UID, controller: true }],
    ...extra,
  },
  spec: { template: tpl(image, name.slice(-4)) },
});
const dep = (
  image: string,
  extra: Partial<Deployment["spec"]> = {},
  annotations: Record<string, string> = {},
): Deployment => ({
  metadata: { name: "web", namespace: "ns", uid: UID, annotations },
  spec: { selector: { matchLabels: { app: "web" } }, template: tpl(image), ...extra },
});

describe("parseRevision", () => {
  it("follows strconv.ParseInt(v, 10, 64) and treats a missing annotation as 0", () => {
    const o = (v?: string) => ({
      metadata: {
        annotations: (v === undefined ? {} : { "deployment.kubernetes.io/revision": v }) as Record<string, string>,
      },
    });
    expect(parseRevision(o())).toBe(0);
    expect(parseRevision(o("7"))).toBe(7);
    expect(parseRevision(o("+7"))).toBe(7);
    expect(parseRevision(o("007"))).toBe(7);
    expect(parseRevision(o(" 7"))).toBeNull();
    expect(parseRevision(o("7a"))).toBeNull();
    expect(parseRevision(o(""))).toBeNull();
    expect(parseRevision(o("99999999999999999999"))).toBeNull();
  });
});

describe("findRevision (deploymentRevision)", () => {
  const list = [rs("web-aaaa", "1", "v1"), rs("web-bbbb", "3", "v3"), rs("web-cccc", "2", "v2")];
  it("picks the second highest revision for toRevision 0", () => {
    expect(findRevision(dep("v3"), list, 0).metadata.name).toBe("web-cccc");
  });
  it("picks an exact revision, or fails with kubectl's message", () => {
    expect(findRevision(dep("v3"), list, 1).metadata.name).toBe("web-aaaa");
    expect(() => findRevision(dep("v3"), list, 9)).toThrow("unable to find specified revision 9 in history");
    expect(() => findRevision(dep("v3"), list, -1)).toThrow("unable to find specified revision -1 in history");
  });
  it("ignores ReplicaSets the Deployment does not control, and unparsable revisions", () => {
    const foreign = rs("web-dddd", "5", "v5", {
      ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "x", uid: "other", controller: true }],
    });
    const notController = rs("web-eeee", "6", "v6", {
      ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: UID }],
    });
    const junk = rs("web-ffff", "x", "v7");
    expect(findRevision(dep("v3"), [...list, foreign, notController, junk], 0).metadata.name).toBe("web-cccc");
  });
  it("reports no history with only one revision", () => {
    expect(() => findRevision(dep("v1"), [rs("web-aaaa", "1", "v1")], 0)).toThrow(
      'no rollout history found for deployment "web"',
    );
  });
  it("breaks ties in kubectl's order: old ones by creation then name, the current one last", () => {
    // Two ReplicaSets without the annotation (revision 0) and the current one at revision 0 too:
    // the strict `<` keeps the first seen as previous, so order decides.
    const a = rs("web-zzzz", undefined, "va", { creationTimestamp: "2026-01-01T00:00:01Z" });
    const b = rs("web-yyyy", undefined, "vb", { creationTimestamp: "2026-01-01T00:00:02Z" });
    const cur = rs("web-xxxx", undefined, "vc", { creationTimestamp: "2026-01-01T00:00:00Z" });
    expect(replicaSetsInKubectlOrder(dep("vc"), [b, cur, a]).map((r) => r.metadata.name)).toEqual([
      "web-zzzz",
      "web-yyyy",
      "web-xxxx",
    ]);
    // latest=a(0); b(0) is not > previous(-1)? it is: previous becomes b; cur(0) changes nothing.
    expect(findRevision(dep("vc"), [b, cur, a], 0).metadata.name).toBe("web-yyyy");
  });
});

describe("rollbackAnnotations", () => {
  it("keeps the skip-listed annotations of the Deployment and takes every other from the ReplicaSet", () => {
    const d = dep(
      "v2",
      {},
      {
        "deployment.kubernetes.io/revision": "4",
        "kubectl.kubernetes.io/last-applied-configuration": "{}",
        "kubernetes.io/change-cause": "bad deploy",
        team: "checkout",
      },
    );
    const r = rs("web-aaaa", "2", "v1");
    r.metadata.annotations = {
      "deployment.kubernetes.io/revision": "2",
      "deployment.kubernetes.io/desired-replicas": "3",
      "kubernetes.io/change-cause": "good deploy",
      "deployment.kubernetes.io/revision-history": "1",
    };
    expect(rollbackAnnotations(d, r)).toEqual({
      "deployment.kubernetes.io/revision": "4",
      "kubectl.kubernetes.io/last-applied-configuration": "{}",
      "kubernetes.io/change-cause": "good deploy",
    });
  });
});

describe("decideUndo", () => {
  const list = [rs("web-aaaa", "1", "v1"), rs("web-bbbb", "2", "v2")];
  it("builds one JSON patch: the template without pod-template-hash, then the annotations", () => {
    const d = decideUndo(dep("v2"), list, 0);
    expect(d.action).toBe("patch");
    if (d.action !== "patch") return;
    expect(d.patch.map((o) => [o.op, o.path])).toEqual([
      ["replace", "/spec/template"],
      ["replace", "/metadata/annotations"],
    ]);
    expect(d.template.metadata?.labels).toEqual({ app: "web" });
    expect(d.patch[1].value).toEqual({});
  });
  it("skips when the template already matches, with kubectl's message (which prints toRevision)", () => {
    expect(decideUndo(dep("v1"), list, 1)).toMatchObject({
      action: "skip",
      message: "skipped rollback (current template already matches revision 1)",
    });
  });
  it("refuses a paused Deployment after the lookup", () => {
    expect(() => decideUndo(dep("v2", { paused: true }), list, 0)).toThrow(
      "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
    );
    // the lookup comes first: an unknown revision wins over paused
    expect(() => decideUndo(dep("v2", { paused: true }), list, 7)).toThrow(
      "unable to find specified revision 7 in history",
    );
  });
});
