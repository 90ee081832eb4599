import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { helmReleaseChange } from "./extract";
import { helmDetailsOf, helmRevisionFacts } from "./helm-details";

const MANIFEST = `---
# Source: web/templates/secret.yaml
apiVersion: v1
kind: Secret
metadata:
  name: web-db
stringData:
  password: pw-2.0
---
# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: registry.k8s.io/pause:3.10
      containers:
        - name: app
          image: registry.k8s.io/pause:3.10
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: cleanup
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: cleanup
              image: busybox:1.36
`;

const release = (version: number, info: { status: string; description?: string }) => ({
  name: "web",
  namespace: "shop",
  version,
  info,
  chart: { metadata: { name: "web-release", version: "0.2.0", appVersion: "2.0" } },
  manifest: MANIFEST,
  config: { password: "values-secret" },
});

/** data.release as the apiserver returns it: base64(helm's base64(gzip(JSON))). */
const data = (json: object) =>
  Buffer.from(gzipSync(Buffer.from(JSON.stringify(json))).toString("base64")).toString("base64");

const secret = (r: ReturnType<typeof release>, over: { labels?: Record<string, string>; type?: string } = {}) => ({
  metadata: {
    name: `sh.helm.release.v1.web.v${r.version}`,
    namespace: "shop",
    uid: `uid-${r.version}`,
    resourceVersion: "42",
    creationTimestamp: "2026-12-02T09:50:00Z",
    labels: over.labels ?? { owner: "helm", name: "web", status: r.info.status, version: String(r.version) },
    managedFields: [{ manager: "helm", operation: "Update", time: "2026-12-02T09:55:00Z" }],
  },
  type: over.type ?? "helm.sh/release.v1",
  data: { release: data(r) },
});

describe("helmReleaseChange", () => {
  it("turns a release record into one change at its revision: chart, status, helm's description", () => {
    const d = helmReleaseChange(secret(release(2, { status: "deployed", description: "Upgrade complete" })), ["web"]);
    expect(d).toMatchObject({
      sourceKind: "HelmRelease",
      namespace: "shop",
      objectName: "sh.helm.release.v1.web.v2",
      objectUid: "uid-2",
      workloadKind: "HelmRelease",
      workloadName: "web",
      revision: "2",
      summary: "Helm release web → web-release-0.2.0 (app 2.0) (revision 2)",
      images: ["registry.k8s.io/pause:3.10", "busybox:1.36"],
      changeCause: "Upgrade complete",
      actor: "helm",
      details: {
        release: "web",
        revision: 2,
        chart: "web-release",
        chartVersion: "0.2.0",
        appVersion: "2.0",
        status: "deployed",
        description: "Upgrade complete",
        rollbackTo: null,
      },
    });
    // When helm created the record, not when it last moved the status on.
    expect(d?.occurredAt).toEqual(new Date("2026-12-02T09:50:00Z"));
    // Never the values or the manifest (a chart's Secret renders into it).
    expect(JSON.stringify(d)).not.toMatch(/pw-2\.0|values-secret/);
  });

  it("is the same change at every status of the revision: only status and description move", () => {
    const steps = [
      { status: "pending-upgrade", description: "Preparing upgrade" },
      { status: "deployed", description: "Upgrade complete" },
      { status: "superseded", description: "Upgrade complete" },
    ].map((info) => helmReleaseChange(secret(release(2, info)), ["web"])!);
    const key = (c: (typeof steps)[number]) => [c.sourceKind, c.namespace, c.objectName, c.objectUid, c.revision];
    expect(new Set(steps.map((c) => JSON.stringify(key(c)))).size).toBe(1);
    expect(steps.map((c) => [helmDetailsOf(c.details)?.status, c.changeCause])).toEqual([
      ["pending-upgrade", "Preparing upgrade"],
      ["deployed", "Upgrade complete"],
      ["superseded", "Upgrade complete"],
    ]);
    expect(new Set(steps.map((c) => c.occurredAt.getTime())).size).toBe(1);
  });

  it("records a helm rollback as a rollback to the revision helm's description names", () => {
    const d = helmReleaseChange(secret(release(3, { status: "deployed", description: "Rollback to 1" })), ["web"])!;
    expect(d.summary).toBe("Helm release web → web-release-0.2.0 (app 2.0) (revision 3, rollback to revision 1)");
    expect(helmDetailsOf(d.details)?.rollbackTo).toBe(1);
  });

  it("ignores Secrets that are not a listed release's Helm records, and records it cannot read", () => {
    const r = release(1, { status: "deployed", description: "Install complete" });
    expect(helmReleaseChange(secret(r), ["api"])).toBeNull();
    expect(helmReleaseChange(secret(r, { type: "Opaque" }), ["web"])).toBeNull();
    expect(helmReleaseChange(secret(r, { labels: { name: "web" } }), ["web"])).toBeNull();
    // A record whose release is another than its label says.
    expect(helmReleaseChange(secret({ ...r, name: "api" }), ["web"])).toBeNull();
    const broken = secret(r);
    broken.data.release = Buffer.from("not helm's encoding").toString("base64");
    expect(helmReleaseChange(broken, ["web"])).toBeNull();
  });
});

describe("helmRevisionFacts", () => {
  it("names release, revision, chart and status as helm history does", () => {
    const d = helmReleaseChange(secret(release(3, { status: "deployed", description: "Rollback to 1" })), ["web"])!;
    expect(helmRevisionFacts(helmDetailsOf(d.details)!)).toEqual([
      { label: "Release", value: "web" },
      { label: "Revision", value: "3 (rollback to revision 1)" },
      { label: "Chart", value: "web-release-0.2.0 (app 2.0)" },
      { label: "Status", value: "deployed" },
    ]);
  });

  it("reads no Helm details out of another kind's", () => {
    expect(helmDetailsOf({ flags: {} })).toBeNull();
    expect(helmDetailsOf(null)).toBeNull();
  });
});
