// Workload undo needs no settings of its own: the service's Deployments, StatefulSets and DaemonSets are its targets.
import { notConfigured, type AccessRule, type ServiceTargets, type StrategySettings } from "../../settings";
import { undoKindOf, type DeploymentUndoParams, type UndoKind } from "./params";

/** The names a service lets the undo act on, per kind. */
export function undoTargetsOf(s: ServiceTargets): Record<UndoKind, string[]> {
  return { Deployment: s.deployments, StatefulSet: s.statefulSets ?? [], DaemonSet: s.daemonSets ?? [] };
}

const rule = (s: ServiceTargets, r: Omit<AccessRule, "namespace" | "context">): AccessRule => ({
  ...r,
  namespace: s.namespace,
  context: s.clusterContext,
});

export const deploymentUndoSettings: StrategySettings<DeploymentUndoParams> = {
  section: null,
  configured: (s) => Object.values(undoTargetsOf(s)).some((names) => names.length > 0),
  violations: (s, p) => {
    const kind = undoKindOf(p);
    const allowed = undoTargetsOf(s)[kind];
    return allowed.includes(p.deployment) ? [] : [notConfigured(kind, p.deployment, allowed)];
  },
  access: (s) => {
    const targets = undoTargetsOf(s);
    const revisioned = targets.StatefulSet.length > 0 || targets.DaemonSet.length > 0;
    // A service naming only StatefulSets/DaemonSets needs no Deployment access (nor capture's pods).
    const deploymentRows = targets.Deployment.length > 0 || !revisioned;
    return [
      ...(deploymentRows ? deploymentAccess(s) : []),
      ...(revisioned
        ? [
            rule(s, {
              group: "apps",
              resource: "controllerrevisions",
              verbs: ["list"],
              why: "the StatefulSet and DaemonSet revision history kubectl rollout undo reads",
            }),
          ]
        : []),
      ...(targets.StatefulSet.length
        ? [
            rule(s, {
              group: "apps",
              resource: "statefulsets",
              // getRevisionedWorkload, patchRevisionedWorkload (dry run and execute), the rollout watch.
              verbs: ["get", "patch", "watch"],
              why: "read the StatefulSet, patch its pod template back and watch the rollout",
            }),
            rule(s, {
              group: "",
              resource: "pods",
              // lib/rollback/stuck-pods.ts: only the pods the commander confirmed, with preconditions.
              verbs: ["list", "delete"],
              // Deleting pods is a right a platform team grants on purpose (the chart's switch).
              switch: "stuckPodDeletion",
              why: "find StatefulSet pods stuck on the bad revision (OrderedReady) and delete the ones a commander confirms",
            }),
          ]
        : []),
      ...(targets.DaemonSet.length
        ? [
            rule(s, {
              group: "apps",
              resource: "daemonsets",
              verbs: ["get", "patch", "watch"],
              why: "read the DaemonSet, patch its pod template back and watch the rollout",
            }),
          ]
        : []),
    ];
  },
};

function deploymentAccess(s: ServiceTargets): AccessRule[] {
  return [
    rule(s, {
      group: "apps",
      resource: "deployments",
      // getDeployment, patchDeployment (plan's dry run and execute), waitForRollout's watch.
      verbs: ["get", "patch", "watch"],
      why: "read the Deployment, patch its pod template back and watch the rollout",
    }),
    rule(s, {
      group: "apps",
      resource: "replicasets",
      verbs: ["list"],
      why: "the revision history kubectl rollout undo reads",
    }),
    rule(s, { group: "", resource: "pods", verbs: ["list"], why: "capture the pods before acting" }),
    rule(s, {
      group: "",
      resource: "pods",
      subresource: "log",
      verbs: ["get"],
      why: "capture pod logs before acting",
    }),
  ];
}
