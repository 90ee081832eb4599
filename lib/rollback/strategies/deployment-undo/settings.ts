// Workload undo: the service's Deployments, StatefulSets and DaemonSets are its targets; its one
// optional setting (the `workloadUndo` section) is the change-cause annotation, off by default.
import { z } from "zod";
import { notConfigured, type AccessRule, type ServiceTargets, type StrategySettings } from "../../settings";
import { undoKindOf, type DeploymentUndoParams, type UndoKind } from "./params";

export const workloadUndoSettingsSchema = z
  .object({
    /**
     * After a successful undo, annotate `kubernetes.io/change-cause` on the workload with who, which
     * incident and what was done (the text `kubectl rollout history` shows). Off: the object is left
     * exactly as `kubectl rollout undo` leaves it.
     */
    changeCause: z.boolean().default(false),
  })
  .strict();
export type WorkloadUndoSettings = z.infer<typeof workloadUndoSettingsSchema>;

/** Whether this service's undo annotates the change cause. */
export const changeCauseOn = (s: Pick<ServiceTargets, "strategies">): boolean =>
  s.strategies.workloadUndo?.changeCause === true;

/** The names a service lets the undo act on, per kind. */
export function undoTargetsOf(s: ServiceTargets): Record<UndoKind, string[]> {
  return { Deployment: s.deployments, StatefulSet: s.statefulSets ?? [], DaemonSet: s.daemonSets ?? [] };
}

// The same patch verb writes the change-cause annotation when the service asks for it.
const patchWhy = (s: ServiceTargets, kind: UndoKind) =>
  `read the ${kind}, patch its pod template back${changeCauseOn(s) ? " (then its kubernetes.io/change-cause annotation)" : ""} and watch the rollout`;

const rule = (s: ServiceTargets, r: Omit<AccessRule, "namespace" | "context">): AccessRule => ({
  ...r,
  namespace: s.namespace,
  context: s.clusterContext,
});

export const deploymentUndoSettings: StrategySettings<DeploymentUndoParams> = {
  // Configured by the workloads alone; the section only holds options.
  section: "workloadUndo",
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
              why: patchWhy(s, "StatefulSet"),
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
              why: patchWhy(s, "DaemonSet"),
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
      why: patchWhy(s, "Deployment"),
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
