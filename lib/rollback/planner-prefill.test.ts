import { describe, expect, it } from "vitest";
import { deploymentUndoFormModel } from "./strategies/deployment-undo/form";
import { helmRollbackFormModel } from "./strategies/helm-rollback/form";
import type { ServiceTargets } from "./settings";

const targets: ServiceTargets = {
  name: "shop",
  clusterContext: "default",
  namespace: "shop",
  deployments: ["web", "api"],
  statefulSets: ["db"],
  strategies: { helmReleases: ["web", "api"] },
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

describe("the Helm rollback form's pre-fill", () => {
  const open = (given: Record<string, string>) => ({
    ...helmRollbackFormModel.initial(targets),
    ...helmRollbackFormModel.prefill!(given, targets),
  });

  it("opens on the release and revision the change names", () => {
    expect(helmRollbackFormModel.params(open({ release: "api", toRevision: "2" }), targets)).toEqual({
      release: "api",
      toRevision: 2,
    });
  });

  it("ignores a release the service does not list, and a revision that is not a number", () => {
    expect(helmRollbackFormModel.prefill!({ release: "other", toRevision: "2" }, targets)).toEqual({});
    expect(helmRollbackFormModel.params(open({ release: "api", toRevision: "2; drop" }), targets)).toEqual({
      release: "api",
      toRevision: 0,
    });
  });
});
