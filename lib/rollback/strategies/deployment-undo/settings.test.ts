import { describe, expect, it } from "vitest";
import { targetsOf } from "@/lib/services/service-settings";
import { deploymentUndoFormModel } from "./form";
import { deploymentUndoParamsSchema } from "./params";
import { deploymentUndoSettings } from "./settings";

const service = (o: { deployments?: string[]; statefulSets?: string[]; daemonSets?: string[] }) =>
  targetsOf({
    name: "shop",
    clusterContext: "prod",
    namespace: "shop",
    deployments: o.deployments ?? [],
    statefulSets: o.statefulSets,
    daemonSets: o.daemonSets,
    strategyConfig: {},
  });

describe("workload undo settings", () => {
  it("is offered for a service naming any of the three kinds, and binds each name to its own kind", () => {
    const s = service({ statefulSets: ["db"], daemonSets: ["agent"] });
    expect(deploymentUndoSettings.configured(s)).toBe(true);
    expect(deploymentUndoSettings.configured(service({}))).toBe(false);
    const p = (input: unknown) => deploymentUndoParamsSchema.parse(input);
    expect(deploymentUndoSettings.violations(s, p({ deployment: "db", kind: "StatefulSet" }))).toEqual([]);
    expect(deploymentUndoSettings.violations(s, p({ deployment: "agent", kind: "DaemonSet" }))).toEqual([]);
    // A name of one kind does not open another kind's object of that name.
    expect(deploymentUndoSettings.violations(s, p({ deployment: "db", kind: "DaemonSet" }))).toEqual([
      'DaemonSet "db" is not configured for this service (configured: "agent")',
    ]);
    expect(deploymentUndoSettings.violations(s, p({ deployment: "db" }))).toEqual([
      'Deployment "db" is not configured for this service (configured: none)',
    ]);
  });

  it("asks for ControllerRevision and the kind's own access only where the service names that kind", () => {
    const rows = (s: ReturnType<typeof service>) =>
      deploymentUndoSettings
        .access(s)
        .map((r) => `${r.resource}${r.subresource ? `/${r.subresource}` : ""}:${r.verbs.join(",")}`);
    expect(rows(service({ deployments: ["web"] }))).toEqual([
      "deployments:get,patch,watch",
      "replicasets:list",
      "pods:list",
      "pods/log:get",
    ]);
    expect(rows(service({ statefulSets: ["db"] }))).toEqual([
      "controllerrevisions:list",
      "statefulsets:get,patch,watch",
      // The stuck-pod step (lib/rollback/stuck-pods.ts), behind the chart's rbac.stuckPodDeletion.
      "pods:list,delete",
    ]);
    expect(rows(service({ deployments: ["web"], daemonSets: ["agent"] }))).toContain("daemonsets:get,patch,watch");
  });

  it("form: opens on the first workload, and names the kind only when it is not a Deployment", () => {
    const s = service({ statefulSets: ["db"], daemonSets: ["agent"] });
    const v = deploymentUndoFormModel.initial(s);
    expect(deploymentUndoParamsSchema.parse(deploymentUndoFormModel.params(v, s))).toEqual({
      deployment: "db",
      kind: "StatefulSet",
      toRevision: 0,
    });
    const d = service({ deployments: ["web"] });
    expect(deploymentUndoFormModel.params(deploymentUndoFormModel.initial(d), d)).toEqual({
      deployment: "web",
      toRevision: 0,
    });
  });
});
