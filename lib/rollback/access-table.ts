/**
 * The Kubernetes access the dashboard needs, as one strategy-independent table: the union of every
 * strategy's `access(service)` rows (STRATEGY_SETTINGS), plus discovery's and the checks' own. The
 * Helm chart's Role/ClusterRole is generated from it (`npm run gen:rbac` writes
 * charts/rollback-command-center/files/rbac-rules.yaml; a unit test fails when the committed file
 * differs), the catalog's permission check asks the same strategy rows, so none of them can drift.
 *
 * A strategy's rows depend on the service (canary's route kind, a flag source's kind), so each
 * strategy is asked with services that switch on every branch of its `access`. Pure: no I/O.
 */
import { stringify } from "yaml";
import type { AccessRule, ServiceTargets } from "./settings";
import type { StrategyKind } from "./strategies";
import { STRATEGY_SETTINGS } from "./strategies/settings";
import { gitopsAccess } from "@/lib/gitops/settings";

/** namespaced: granted by a Role in each namespace the chart lists; cluster: only by the ClusterRole. */
export type AccessScope = "namespaced" | "cluster";

export interface AccessVerb {
  verb: string;
  /** Who needs it: strategy kinds, "discovery", "checks" or an optional feature. */
  by: string[];
  why: string[];
}

export interface AccessRow {
  group: string;
  /** "pods" or "pods/log" (RBAC writes subresources that way). */
  resource: string;
  scope: AccessScope;
  verbs: AccessVerb[];
  /** The chart value (under `rbac.`) that turns the row on; absent: always granted. */
  switch?: string;
}

/** Services that take every branch of each strategy's `access`. */
const NS = "SERVICE_NAMESPACE";
const base: ServiceTargets = {
  name: "sample",
  clusterContext: "default",
  namespace: NS,
  deployments: ["web"],
  strategies: {},
};
const SAMPLES: Record<StrategyKind, ServiceTargets[]> = {
  "deployment-undo": [base, { ...base, deployments: [], statefulSets: ["db"], daemonSets: ["agent"] }],
  "blue-green": [
    {
      ...base,
      strategies: { blueGreen: { service: "web", colorLabel: "color", stableColor: "blue", badColor: "green" } },
    },
  ],
  canary: (["istio", "gateway"] as const).map((routeKind) => ({
    ...base,
    strategies: {
      canary: {
        routeKind,
        routeName: "web",
        stableBackend: "web",
        canaryBackend: "web-canary",
        canaryDeployment: "web-c",
      },
    },
  })),
  "feature-flag": [
    {
      ...base,
      strategies: {
        flags: [
          { source: "featureflag-cr", name: "flags" },
          { source: "configmap", name: "flags" },
        ],
      },
    },
  ],
  "db-migration": [base],
  "db-restore": [base],
  "dr-failover": [{ ...base, strategies: { dr: { context: "dr" } } }],
  "helm-rollback": [{ ...base, strategies: { helmReleases: ["web"] } }],
};

/** A service whose `gitops` section lists one object of each kind a hold can act on. */
const GITOPS_SAMPLE: ServiceTargets = {
  ...base,
  strategies: {
    gitops: {
      holdable: [
        { kind: "Application", namespace: "argocd", name: "web" },
        { kind: "Kustomization", namespace: "flux-system", name: "web" },
        { kind: "HelmRelease", namespace: "flux-system", name: "web" },
      ],
    },
  },
};

/** What the dashboard needs besides the strategies (lib/services/discovery, lib/services/checks). */
const OWN: (Omit<AccessRule, "namespace" | "context"> & { by: string; scope: AccessScope; switch?: string })[] = [
  {
    by: "discovery",
    scope: "namespaced",
    group: "apps",
    resource: "deployments",
    verbs: ["list"],
    why: "discover the workloads in a namespace",
  },
  {
    by: "discovery",
    scope: "cluster",
    group: "",
    resource: "namespaces",
    verbs: ["get", "list"],
    why: "find the namespaces to discover workloads in",
  },
  {
    by: "discovery",
    scope: "cluster",
    group: "apps",
    resource: "deployments",
    verbs: ["list"],
    why: "discover the workloads in every namespace at once",
  },
  {
    by: "checks",
    scope: "cluster",
    group: "authorization.k8s.io",
    resource: "selfsubjectaccessreviews",
    verbs: ["create"],
    why: "ask the apiserver what this identity may do (also granted to everyone by system:basic-user)",
  },
  // Issue 17: the change recorder (lib/changes/) lists and watches each service's revision history
  // and flag sources, per namespace; flag objects by name (a field selector).
  ...(
    [
      ["apps", "replicasets", "record each new Deployment revision (what changed)"],
      ["apps", "controllerrevisions", "record each new StatefulSet and DaemonSet revision (what changed)"],
      ["core.openfeature.dev", "featureflags", "record each flag change (what changed)"],
      ["", "configmaps", "record each change of a flag ConfigMap, watched by name (what changed)"],
    ] as const
  ).map(([group, resource, why]) => ({
    by: "changes",
    scope: "namespaced" as const,
    group,
    resource,
    verbs: ["list", "watch"],
    why,
  })),
  // …and each Helm release's records, with Helm's own selector (owner=helm,name=<release>) in the
  // release's namespace: Secrets, so only where the chart's rbac.helmReleases switch grants them.
  {
    by: "changes",
    scope: "namespaced",
    group: "",
    resource: "secrets",
    verbs: ["list", "watch"],
    why: "record each new Helm release revision, listed and watched with owner=helm,name=<release> (what changed)",
    switch: "helmReleases",
  },
];

type Entry = {
  by: string;
  scope: AccessScope;
  group: string;
  resource: string;
  verb: string;
  why: string;
  switch?: string;
};

function entries(): Entry[] {
  const out: Entry[] = [];
  for (const kind of Object.keys(STRATEGY_SETTINGS) as StrategyKind[])
    for (const service of SAMPLES[kind])
      for (const r of STRATEGY_SETTINGS[kind].access(service)) {
        const resource = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
        const scope: AccessScope = r.namespace === null ? "cluster" : "namespaced";
        for (const verb of r.verbs)
          out.push({ by: kind, scope, group: r.group, resource, verb, why: r.why, switch: r.switch });
      }
  // GitOps holds (lib/gitops): opt-in, since Argo CD's and Flux's objects live in their own namespaces.
  for (const r of gitopsAccess(GITOPS_SAMPLE))
    for (const verb of r.verbs)
      out.push({
        by: "gitops-hold",
        scope: "namespaced",
        group: r.group,
        resource: r.resource,
        verb,
        why: "read, hold and release the Argo CD / Flux objects a service lists under gitops",
        switch: "gitopsHolds",
      });
  for (const r of OWN) {
    const { by, scope, group, resource, why } = r;
    for (const verb of r.verbs) out.push({ by, scope, group, resource, verb, why, switch: r.switch });
  }
  return out;
}

const add = (list: string[], v: string) => (list.includes(v) ? list : list.push(v), list);

/** The table, sorted by scope, group, resource and verb, so the generated file is stable. */
export function accessTable(): AccessRow[] {
  const rows = new Map<string, AccessRow>();
  for (const e of entries()) {
    const key = JSON.stringify([e.scope, e.group, e.resource, e.switch ?? ""]);
    const row = rows.get(key) ?? { group: e.group, resource: e.resource, scope: e.scope, verbs: [], switch: e.switch };
    rows.set(key, row);
    const verb =
      row.verbs.find((v) => v.verb === e.verb) ??
      (row.verbs.push({ verb: e.verb, by: [], why: [] }), row.verbs.at(-1)!);
    add(verb.by, e.by);
    add(verb.why, e.why);
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...rows.values()].sort(
    (a, b) =>
      cmp(a.scope, b.scope) ||
      cmp(a.group, b.group) ||
      cmp(a.resource, b.resource) ||
      cmp(a.switch ?? "", b.switch ?? ""),
  );
  for (const r of sorted) r.verbs.sort((a, b) => cmp(a.verb, b.verb));
  // RBAC's wildcard would grant what no row declares.
  if (sorted.some((r) => [r.group, r.resource, ...r.verbs.map((v) => v.verb)].some((s) => s.includes("*"))))
    throw new Error("the access table may not contain *");
  return sorted;
}

/** A Kubernetes RBAC PolicyRule, as the chart renders it. */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/**
 * The rules of the chart's Role (scope "namespaced") or ClusterRole (every row), for these switches.
 * A ClusterRole holds the namespaced rows too: bound cluster-wide they apply in every namespace.
 */
export function policyRules(scope: AccessScope, switches: Record<string, boolean> = {}): PolicyRule[] {
  return accessTable()
    .filter((r) => (scope === "cluster" || r.scope === "namespaced") && (!r.switch || switches[r.switch]))
    .reduce<PolicyRule[]>((out, r) => {
      // The same group/resource in both scopes (deployments list) becomes one rule.
      const same = out.find((p) => p.apiGroups[0] === r.group && p.resources[0] === r.resource);
      const verbs = r.verbs.map((v) => v.verb);
      if (same) same.verbs = [...new Set([...same.verbs, ...verbs])].sort();
      else out.push({ apiGroups: [r.group], resources: [r.resource], verbs });
      return out;
    }, []);
}

/** The switches rows may name (chart values under `rbac.`), in table order. */
export function accessSwitches(): string[] {
  return [...new Set(accessTable().flatMap((r) => (r.switch ? [r.switch] : [])))];
}

export const RBAC_RULES_FILE = "charts/rollback-command-center/files/rbac-rules.yaml";

/**
 * The chart's files/rbac-rules.yaml: `role` (the namespaced Roles), `clusterRole` (the ClusterRole
 * with rbac.clusterWide) and `optional.<switch>` (added to either when the value turns it on), with
 * the table, who needs each verb and why, as comments.
 */
export function rbacRulesFile(): string {
  const comments = accessTable().map((r) => {
    const res = `${r.group || "core"}/${r.resource}${r.scope === "cluster" ? " (cluster)" : ""}`;
    const sw = r.switch ? ` [only with rbac.${r.switch}]` : "";
    return r.verbs.map((v) => `#   ${res} ${v.verb}${sw}: ${v.by.join(", ")}: ${v.why.join("; ")}`).join("\n");
  });
  const optional = Object.fromEntries(
    accessSwitches().map((sw) => {
      const extra = policyRules("cluster", { [sw]: true });
      const without = JSON.stringify(policyRules("cluster"));
      return [sw, extra.filter((p) => !without.includes(JSON.stringify(p)))];
    }),
  );
  const body = stringify(
    { role: policyRules("namespaced"), clusterRole: policyRules("cluster"), optional },
    { lineWidth: 0, flowCollectionPadding: false, collectionStyle: "block" },
  );
  return [
    "# GENERATED by `npm run gen:rbac` from lib/rollback/access-table.ts (every strategy's access() in",
    "# lib/rollback/strategies/<kind>/settings.ts, plus discovery and the checks). Do not edit: a unit",
    "# test fails when this file differs from the table. Read by templates/role.yaml and clusterrole.yaml.",
    "#",
    "# resource verb: who needs it: why",
    ...comments,
    body.trimEnd(),
    "",
  ].join("\n");
}
