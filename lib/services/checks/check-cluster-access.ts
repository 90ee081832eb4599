import "server-only";
/**
 * "May the dashboard do what this service's rollbacks need?", asked of the clusters themselves:
 * each context the service uses is reachable (GET /version), and every AccessRule of every
 * strategy the settings configure (STRATEGY_SETTINGS[kind].access, the same table the Helm chart's
 * Role comes from) is asked verb by verb with a SelfSubjectAccessReview. The result names what is
 * missing: "missing: patch apps/deployments in shop".
 *
 * Post-rollback verification (lib/verify/check-pods: get deployments, list pods) needs nothing
 * beyond deployment-undo's rows, which every service with Deployments configures.
 */
import { AuthorizationV1Api, VersionApi } from "@kubernetes/client-node";
import { operatorMessageOf } from "@/lib/errors";
import { k8s, type CallContext } from "@/lib/k8s/call";
import type { KubeClients } from "@/lib/k8s/clients";
import type { AccessRule } from "@/lib/rollback/settings";
import { drClients } from "@/lib/rollback/strategies/dr-failover/cluster";
import { STRATEGY_SETTINGS } from "@/lib/rollback/strategies/settings";
import { contextClients } from "@/lib/services/discovery/discover-workloads";
import { settingsToRow, targetsOf, type ServiceSettings } from "@/lib/services/service-settings";
import { gitopsAccess } from "@/lib/gitops/settings";

export type StrategyKind = keyof typeof STRATEGY_SETTINGS;

export interface ContextReachability {
  context: string;
  server: string | null;
  reachable: boolean;
  /** The API server's gitVersion, e.g. "v1.36.3". */
  version: string | null;
  error: string | null;
}

export interface RuleCheck {
  group: string;
  resource: string;
  subresource: string | null;
  /** null: cluster-scoped or any namespace. */
  namespace: string | null;
  context: string;
  why: string;
  /** Every verb asked. */
  verbs: string[];
  allowed: string[];
  missing: string[];
  /** The reviews could not be asked (context unreachable or unknown); allowed/missing are then empty. */
  error: string | null;
}

export interface StrategyAccess {
  /** A strategy, or the GitOps hold (lib/gitops/settings.ts) when the service lists objects to hold. */
  kind: StrategyKind | "gitops-hold";
  /** Every verb allowed and every review answered. */
  ok: boolean;
  rules: RuleCheck[];
  /** One sentence per rule with missing verbs or an error, e.g. "missing: patch apps/deployments in shop". */
  problems: string[];
}

export interface ClusterAccessReport {
  ok: boolean;
  contexts: ContextReachability[];
  /** The configured strategies, in registry order. */
  strategies: StrategyAccess[];
  /** Strategies the settings do not configure (not offered, so not checked). */
  notConfigured: StrategyKind[];
}

export interface CheckAccessOptions {
  /** Default: the dashboard's kubeconfig. */
  kubeconfigPath?: string;
  /** Per request. Default 5 s. */
  requestTimeoutMs?: number;
}

/** "patch, watch apps/deployments in shop" (core group resources without a group, as kubectl writes them). */
export function describeRule(
  r: Pick<RuleCheck, "group" | "resource" | "subresource" | "namespace" | "context">,
  verbs: readonly string[],
  serviceContext: string,
): string {
  const res = `${r.group ? `${r.group}/` : ""}${r.resource}${r.subresource ? `/${r.subresource}` : ""}`;
  const where = r.namespace ? `in ${r.namespace}` : "cluster-wide";
  const ctx = r.context !== serviceContext ? ` (context ${r.context})` : "";
  return `${verbs.join(", ")} ${res} ${where}${ctx}`;
}

export async function checkClusterAccess(
  settings: ServiceSettings,
  opts: CheckAccessOptions = {},
): Promise<ClusterAccessReport> {
  const targets = targetsOf(settingsToRow(settings));
  const kinds = Object.keys(STRATEGY_SETTINGS) as StrategyKind[];
  const configured = kinds.filter((k) => STRATEGY_SETTINGS[k].configured(targets));
  const rulesOf = new Map<StrategyAccess["kind"], AccessRule[]>(
    configured.map((k) => [k, (STRATEGY_SETTINGS[k].access as (s: typeof targets) => AccessRule[])(targets)]),
  );
  const gitops = gitopsAccess(targets);
  if (gitops.length) rulesOf.set("gitops-hold", gitops);
  const dr = targets.strategies.dr;
  const timeout = opts.requestTimeoutMs ?? 5_000;

  // Each context once: its clients and whether it answers.
  const contextNames = [...new Set([targets.clusterContext, ...[...rulesOf.values()].flat().map((r) => r.context)])];
  const clients = new Map<string, KubeClients | null>();
  const contexts = await Promise.all(
    contextNames.map(async (context): Promise<ContextReachability> => {
      const out: ContextReachability = { context, server: null, reachable: false, version: null, error: null };
      try {
        // The DR cluster may live in its own kubeconfig (an env var names it), as the strategy reads it.
        const kube =
          dr?.kubeconfigEnv && context === dr.context && context !== targets.clusterContext
            ? drClients(context, dr.kubeconfigEnv)
            : contextClients(context, opts.kubeconfigPath);
        out.server = kube.server;
        const ctx: CallContext = { kube, requestTimeoutMs: timeout };
        const v = await k8s(ctx, "read the server version", () => kube.kc.makeApiClient(VersionApi).getCode());
        out.version = v.gitVersion;
        out.reachable = true;
        clients.set(context, kube);
      } catch (e) {
        out.error = operatorMessageOf(e);
        clients.set(context, null);
      }
      return out;
    }),
  );

  // One review per (context, attributes, verb), shared by strategies asking the same thing.
  const reviews = new Map<string, Promise<boolean>>();
  const review = (kube: KubeClients, r: AccessRule, verb: string) => {
    const key = JSON.stringify([kube.context, r.group, r.resource, r.subresource ?? "", r.namespace ?? "", verb]);
    let p = reviews.get(key);
    if (!p) {
      const api = kube.kc.makeApiClient(AuthorizationV1Api);
      const resourceAttributes = {
        group: r.group,
        resource: r.resource,
        verb,
        ...(r.subresource ? { subresource: r.subresource } : {}),
        ...(r.namespace ? { namespace: r.namespace } : {}),
      };
      p = k8s({ kube, requestTimeoutMs: timeout }, `review ${verb} ${r.resource}`, () =>
        api.createSelfSubjectAccessReview({
          body: {
            apiVersion: "authorization.k8s.io/v1",
            kind: "SelfSubjectAccessReview",
            spec: { resourceAttributes },
          },
        }),
      ).then((res) => res.status?.allowed === true);
      reviews.set(key, p);
    }
    return p;
  };

  const strategies = await Promise.all(
    [...rulesOf.keys()].map(async (kind): Promise<StrategyAccess> => {
      const rules = await Promise.all(
        rulesOf.get(kind)!.map(async (r): Promise<RuleCheck> => {
          const check: RuleCheck = {
            group: r.group,
            resource: r.resource,
            subresource: r.subresource ?? null,
            namespace: r.namespace,
            context: r.context,
            why: r.why,
            verbs: [...r.verbs],
            allowed: [],
            missing: [],
            error: null,
          };
          const kube = clients.get(r.context);
          if (!kube) {
            check.error = `not checked: context ${r.context} did not answer`;
            return check;
          }
          try {
            const answers = await Promise.all(r.verbs.map((v) => review(kube, r, v)));
            r.verbs.forEach((v, i) => (answers[i] ? check.allowed : check.missing).push(v));
          } catch (e) {
            check.error = `not checked: ${operatorMessageOf(e)}`;
          }
          return check;
        }),
      );
      const problems = rules.flatMap((r) => [
        ...(r.missing.length ? [`missing: ${describeRule(r, r.missing, targets.clusterContext)}`] : []),
        ...(r.error ? [`${describeRule(r, r.verbs, targets.clusterContext)}: ${r.error}`] : []),
      ]);
      return { kind, ok: problems.length === 0, rules, problems };
    }),
  );
  return {
    ok: contexts.every((c) => c.reachable) && strategies.every((s) => s.ok),
    contexts,
    strategies,
    notConfigured: kinds.filter((k) => !configured.includes(k)),
  };
}
