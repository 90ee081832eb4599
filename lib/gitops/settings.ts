/**
 * The `gitops` section of a service's settings: the Argo CD Applications and Flux Kustomizations /
 * HelmReleases a commander may hold for this service (nothing else can be held), and the access that
 * needs. Browser-safe: zod and plain functions, read by the planner, the catalog editor, the hold
 * actions, the permission checks and the Helm chart's RBAC (lib/rollback/access-table.ts).
 */
import { z } from "zod";
import type { AccessRule, ServiceTargets } from "@/lib/rollback/settings";
import type { ReconcilerKind } from "./managed-by";

/** The API each reconciler kind is served at (the versions the test control plane serves too). */
export const RECONCILER_APIS = {
  Application: { group: "argoproj.io", version: "v1alpha1", plural: "applications", tool: "Argo CD" },
  Kustomization: { group: "kustomize.toolkit.fluxcd.io", version: "v1", plural: "kustomizations", tool: "Flux" },
  HelmRelease: { group: "helm.toolkit.fluxcd.io", version: "v2", plural: "helmreleases", tool: "Flux" },
} as const satisfies Record<ReconcilerKind, { group: string; version: string; plural: string; tool: string }>;

export const RECONCILER_KINDS = Object.keys(RECONCILER_APIS) as [ReconcilerKind, ...ReconcilerKind[]];

const dnsName = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "a Kubernetes name (lower case, digits, - and .)");

export const reconcilerRefSchema = z
  .object({ kind: z.enum(RECONCILER_KINDS), namespace: dnsName, name: dnsName })
  .strict();
export type ReconcilerRef = z.infer<typeof reconcilerRefSchema>;

export const gitopsSettingsSchema = z
  .object({
    /** What this service may hold; Argo CD Applications usually live in "argocd", Flux's in "flux-system". */
    holdable: z.array(reconcilerRefSchema).max(20).default([]),
  })
  .strict();
export type GitopsSettings = z.infer<typeof gitopsSettingsSchema>;

export const refLabel = (r: ReconcilerRef) => `${RECONCILER_APIS[r.kind].tool} ${r.kind} ${r.namespace}/${r.name}`;
export const sameRef = (a: ReconcilerRef, b: ReconcilerRef) =>
  a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;

export function holdableOf(service: ServiceTargets): ReconcilerRef[] {
  return service.strategies.gitops?.holdable ?? [];
}

/** Why this object may not be held for this service; null when it may. */
export function holdViolation(service: ServiceTargets, ref: ReconcilerRef): string | null {
  const allowed = holdableOf(service);
  if (allowed.some((a) => sameRef(a, ref))) return null;
  const list = allowed.length ? allowed.map(refLabel).join(", ") : "none";
  return `${refLabel(ref)} is not configured for this service's GitOps hold (configured: ${list})`;
}

/** get (read the sync policy or suspend flag, in plans too) and patch (hold, release), per object's namespace. */
export function gitopsAccess(service: ServiceTargets): AccessRule[] {
  const seen = new Set<string>();
  const out: AccessRule[] = [];
  for (const r of holdableOf(service)) {
    const api = RECONCILER_APIS[r.kind];
    const key = `${api.group}/${api.plural}/${r.namespace}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      group: api.group,
      resource: api.plural,
      verbs: ["get", "patch"],
      namespace: r.namespace,
      context: service.clusterContext,
      why: `read and hold (${r.kind === "Application" ? "switch automated sync off" : "suspend"}) the ${api.tool} ${r.kind}s the service lists under gitops`,
    });
  }
  return out;
}
