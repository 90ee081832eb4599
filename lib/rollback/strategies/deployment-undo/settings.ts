// Deployment undo needs no settings of its own: the service's Deployments are its targets.
import { notConfigured, type StrategySettings } from "../../settings";
import type { DeploymentUndoParams } from "./params";

export const deploymentUndoSettings: StrategySettings<DeploymentUndoParams> = {
  section: null,
  configured: (s) => s.deployments.length > 0,
  violations: (s, p) =>
    s.deployments.includes(p.deployment) ? [] : [notConfigured("Deployment", p.deployment, s.deployments)],
  access: (s) => [
    {
      group: "apps",
      resource: "deployments",
      // getDeployment, patchDeployment (plan's dry run and execute), waitForRollout's watch.
      verbs: ["get", "patch", "watch"],
      namespace: s.namespace,
      context: s.clusterContext,
      why: "read the Deployment, patch its pod template back and watch the rollout",
    },
    {
      group: "apps",
      resource: "replicasets",
      verbs: ["list"],
      namespace: s.namespace,
      context: s.clusterContext,
      why: "the revision history kubectl rollout undo reads",
    },
    {
      group: "",
      resource: "pods",
      verbs: ["list"],
      namespace: s.namespace,
      context: s.clusterContext,
      why: "capture the pods before acting",
    },
    {
      group: "",
      resource: "pods",
      subresource: "log",
      verbs: ["get"],
      namespace: s.namespace,
      context: s.clusterContext,
      why: "capture pod logs before acting",
    },
  ],
};
