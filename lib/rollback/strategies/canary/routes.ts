/**
 * Where the canary's weight lives in an Istio VirtualService (spec.http[].route[].weight, percent)
 * or a Gateway API HTTPRoute (spec.rules[].backendRefs[].weight, relative, default 1), and the
 * JSON patch that sets it. The patch `test`s each backend's identity at its index so a route edited
 * between our read and our write is rejected instead of re-weighting the wrong backend.
 */
import { AppError } from "@/lib/errors";
import type { JsonPatchOp } from "@/lib/k8s/types";

export type RouteKind = "istio" | "gateway";

export const ROUTE_API = {
  istio: {
    group: "networking.istio.io",
    versions: ["v1", "v1beta1"],
    plural: "virtualservices",
    kind: "VirtualService",
  },
  gateway: { group: "gateway.networking.k8s.io", versions: ["v1"], plural: "httproutes", kind: "HTTPRoute" },
} as const;

interface Ref {
  index: number;
  weight: number;
  identity: unknown;
}
export interface RuleWeights {
  rule: number;
  stable: Ref;
  canary: Ref;
  /** Backends other than stable and canary in this rule (left untouched). */
  others: number;
}

interface IstioDestination {
  host?: string;
  subset?: string;
}

/** A backend name matches an Istio destination by subset, by host (when no subset), or as host/subset. */
function istioMatches(d: IstioDestination | undefined, backend: string): boolean {
  if (!d) return false;
  if (d.subset) return backend === d.subset || backend === `${d.host}/${d.subset}`;
  return backend === d.host;
}

function entries(
  kind: RouteKind,
  spec: Record<string, unknown>,
): { rules: unknown[]; list: (r: unknown) => unknown[] } {
  if (kind === "istio")
    return { rules: (spec.http as unknown[]) ?? [], list: (r) => (r as { route?: unknown[] }).route ?? [] };
  return { rules: (spec.rules as unknown[]) ?? [], list: (r) => (r as { backendRefs?: unknown[] }).backendRefs ?? [] };
}

export function findWeights(
  kind: RouteKind,
  spec: Record<string, unknown>,
  stableBackend: string,
  canaryBackend: string,
): RuleWeights[] {
  const { rules, list } = entries(kind, spec);
  const out: RuleWeights[] = [];
  rules.forEach((rule, i) => {
    const backends = list(rule) as Record<string, unknown>[];
    const matches = (b: Record<string, unknown>, name: string) =>
      kind === "istio" ? istioMatches(b.destination as IstioDestination, name) : b.name === name;
    const ref = (j: number): Ref => {
      const b = backends[j];
      const implicit = kind === "istio" ? (backends.length === 1 ? 100 : 0) : 1;
      return {
        index: j,
        weight: typeof b.weight === "number" ? b.weight : implicit,
        identity: kind === "istio" ? b.destination : b.name,
      };
    };
    const c = backends.findIndex((b) => matches(b, canaryBackend));
    if (c < 0) return;
    const s = backends.findIndex((b) => matches(b, stableBackend));
    if (s < 0)
      throw new AppError(
        "invalid",
        `rule ${i} routes to the canary "${canaryBackend}" but not to the stable backend "${stableBackend}"`,
      );
    out.push({ rule: i, stable: ref(s), canary: ref(c), others: backends.length - 2 });
  });
  if (out.length === 0)
    throw new AppError("invalid", `no rule of the route sends traffic to the canary backend "${canaryBackend}"`);
  return out;
}

/** The canary's effective weight: the highest across rules (what a step-down must start from). */
export function currentCanaryWeight(found: RuleWeights[]): number {
  return Math.max(...found.map((f) => f.canary.weight));
}

/** Steps still to take from `current`: only those below it, so a rollback never raises canary traffic. */
export function remainingSteps(current: number, steps: number[]): number[] {
  const out = steps.filter((w) => w < current);
  return out.length === 0 && current > 0 ? [0] : out;
}

export function weightOps(
  kind: RouteKind,
  found: RuleWeights[],
  canaryWeight: number,
  resourceVersion?: string,
): JsonPatchOp[] {
  const ops: JsonPatchOp[] = resourceVersion
    ? [{ op: "replace", path: "/metadata/resourceVersion", value: resourceVersion }]
    : [];
  const base = (rule: number, j: number) =>
    kind === "istio" ? `/spec/http/${rule}/route/${j}` : `/spec/rules/${rule}/backendRefs/${j}`;
  const idPath = kind === "istio" ? "destination" : "name";
  for (const f of found) {
    for (const [ref, w] of [
      [f.canary, canaryWeight],
      [f.stable, 100 - canaryWeight],
    ] as const) {
      ops.push({ op: "test", path: `${base(f.rule, ref.index)}/${idPath}`, value: ref.identity });
      ops.push({ op: "add", path: `${base(f.rule, ref.index)}/weight`, value: w });
    }
  }
  return ops;
}
