import { describe, expect, it } from "vitest";
import { deploymentUndoFormModel } from "./strategies/deployment-undo/form";
import type { ServiceTargets } from "./settings";

const targets: ServiceTargets = {
  name: "shop",
  clusterContext: "default",
  namespace: "shop",
  deployments: ["web", "api"],
  statefulSets: ["db"],
  strategies: {},
};

describe("the workload undo form's pre-fill", () => {
  it("opens on the workload and revision the change names", () => {
    const values = {
      ...deploymentUndoFormModel.initial(targets),
      ...deploymentUndoFormModel.prefill!({ workload: "Deployment/api", toRevision: "3" }, targets),
    };
    expect(deploymentUndoFormModel.params(values, targets)).toEqual({ deployment: "api", toRevision: 3 });
    const db = deploymentUndoFormModel.prefill!({ workload: "StatefulSet/db", toRevision: "2" }, targets);
    expect(deploymentUndoFormModel.params({ ...values, ...db }, targets)).toEqual({
      deployment: "db",
      kind: "StatefulSet",
      toRevision: 2,
    });
  });

  it("ignores a workload the service does not name, and a revision that is not a number", () => {
    expect(deploymentUndoFormModel.prefill!({ workload: "Deployment/other", toRevision: "3" }, targets)).toEqual({});
    expect(deploymentUndoFormModel.prefill!({ workload: "Deployment/web", toRevision: "3; drop" }, targets)).toEqual({
      kind: "Deployment",
      deployment: "web",
      toRevision: "0",
    });
  });
});
