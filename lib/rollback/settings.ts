/**
 * What a strategy declares about a SERVICE (beside what it does, in ../strategy.ts): the settings it
 * reads from the service's catalog entry, whether it is configured there, which params stay inside
 * that configuration, and the Kubernetes access it needs. zod and plain functions only, so the
 * browser (planner, catalog editor) and the server (actions, catalog loader, RBAC checks, the Helm
 * chart's Role) read the same declaration.
 */
import type { StrategiesSettings } from "./strategies/settings-schema";

/** The parts of a catalog entry a strategy may read. */
export interface ServiceTargets {
  name: string;
  clusterContext: string;
  namespace: string;
  deployments: string[];
  /** Absent where a caller predates them: none. */
  statefulSets?: string[];
  daemonSets?: string[];
  strategies: StrategiesSettings;
}

/**
 * One row of the access table: an API group/resource and the verbs a strategy uses on it. The
 * catalog's permission check asks the apiserver about each (SelfSubjectAccessReview), and the Helm
 * chart's Role is generated from the same rows, so they cannot drift.
 */
export interface AccessRule {
  /** "" for the core group. */
  group: string;
  resource: string;
  /** e.g. "pods/log" */
  subresource?: string;
  verbs: readonly string[];
  /** The namespace it is used in; null for cluster-scoped or "any namespace". */
  namespace: string | null;
  /** The kubeconfig context it is used in (DR uses a second cluster). */
  context: string;
  /** Why, for people reading a missing permission. */
  why: string;
  /** The chart value (under `rbac.`) that grants the row; absent: always granted. */
  switch?: string;
}

export interface StrategySettings<P> {
  /** The key of its section in the service's `strategies` settings, or null when it reads none. */
  section: keyof StrategiesSettings | null;
  /** Whether the planner offers it for this service. */
  configured(service: ServiceTargets): boolean;
  /**
   * Params that reach outside what the service configures, one sentence each; [] when the params
   * are inside it. The server refuses a plan with any (so a commander of one service cannot aim a
   * rollback at another service's objects, databases or endpoints).
   */
  violations(service: ServiceTargets, params: P): string[];
  /** The Kubernetes access the strategy needs for this service. */
  access(service: ServiceTargets): AccessRule[];
}

/** The sentence for a value outside the configured set. */
export function notConfigured(what: string, value: unknown, allowed: readonly unknown[]): string {
  const list = allowed.length ? allowed.map((a) => `"${String(a)}"`).join(", ") : "none";
  return `${what} "${String(value)}" is not configured for this service (configured: ${list})`;
}
