// Helm releases: the releases (in the service's namespace) a Helm rollback may act on, and the
// access `helm rollback` needs there. Every row is behind the chart's `rbac.helmReleases` switch,
// because Helm keeps its release records in Secrets.
import { z } from "zod";
import { notConfigured, type AccessRule, type ServiceTargets, type StrategySettings } from "../../settings";
import type { HelmRollbackParams } from "./params";

/** Helm's release name rule (chartutil.ValidateReleaseName): a DNS-1123 label of at most 53 characters. */
export const helmReleaseName = z
  .string()
  .max(53)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, "not a valid Helm release name");
export const helmReleasesSettingsSchema = z.array(helmReleaseName);

export const helmReleasesOf = (s: ServiceTargets): string[] => s.strategies.helmReleases ?? [];

const rule = (s: ServiceTargets, r: Omit<AccessRule, "namespace" | "context" | "switch">): AccessRule => ({
  ...r,
  why: `${r.why} (the chart grants it with rbac.helmReleases)`,
  namespace: s.namespace,
  context: s.clusterContext,
  switch: "helmReleases",
});

export const helmRollbackSettings: StrategySettings<HelmRollbackParams> = {
  section: "helmReleases",
  configured: (s) => helmReleasesOf(s).length > 0,
  violations: (s, p) =>
    helmReleasesOf(s).includes(p.release) ? [] : [notConfigured("Helm release", p.release, helmReleasesOf(s))],
  access: (s) => [
    rule(s, {
      group: "",
      resource: "secrets",
      // list: the history (owner=helm,name=…); get/create/update/delete: helm's Secrets driver
      // (Get, Create the pending-rollback record, Update its status, prune past --history-max);
      // patch/watch: a Secret the chart itself renders, applied and waited for like its other objects.
      verbs: ["get", "list", "watch", "create", "patch", "update", "delete"],
      why: "read and write Helm's release records (Helm keeps them in Secrets) and the chart's own Secrets",
    }),
    // What `helm rollback` does to the release's objects (kube.Client.Update: get, create, patch,
    // delete what the target revision lacks) and what `--wait`'s status watcher lists and watches.
    // The kinds of a typical chart; a chart with other kinds needs their rows added to the Role.
    ...(
      [
        ["apps", "deployments"],
        ["apps", "statefulsets"],
        ["apps", "daemonsets"],
        ["", "services"],
        ["", "configmaps"],
        ["", "serviceaccounts"],
      ] as const
    ).map(([group, resource]) =>
      rule(s, {
        group,
        resource,
        verbs: ["get", "list", "watch", "create", "patch", "update", "delete"],
        why: "helm rollback applies the target revision's objects and waits for them",
      }),
    ),
    ...(
      [
        ["apps", "replicasets"],
        ["", "pods"],
      ] as const
    ).map(([group, resource]) =>
      rule(s, {
        group,
        resource,
        verbs: ["get", "list", "watch"],
        why: "helm rollback --wait reads the rollout's ReplicaSets and Pods",
      }),
    ),
  ],
};
