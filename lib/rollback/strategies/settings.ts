/**
 * Every strategy's service-side declaration by kind (browser-safe: zod and plain functions). Typed
 * by the server registry's kinds, so a strategy without its settings fails to compile.
 */
import type { StrategyKind } from ".";
import type { ServiceTargets, StrategySettings } from "../settings";
import { blueGreenSettings } from "./blue-green/settings";
import { canarySettings } from "./canary/settings";
import { dbMigrationSettings } from "./db-migration/settings";
import { dbRestoreSettings } from "./db-restore/settings";
import { deploymentUndoSettings } from "./deployment-undo/settings";
import { drFailoverSettings } from "./dr-failover/settings";
import { featureFlagSettings } from "./feature-flag/settings";
import { helmRollbackSettings } from "./helm-rollback/settings";

export const STRATEGY_SETTINGS = {
  "deployment-undo": deploymentUndoSettings,
  "blue-green": blueGreenSettings,
  canary: canarySettings,
  "feature-flag": featureFlagSettings,
  "db-migration": dbMigrationSettings,
  "db-restore": dbRestoreSettings,
  "dr-failover": drFailoverSettings,
  "helm-rollback": helmRollbackSettings,
} as const satisfies Record<StrategyKind, StrategySettings<never>>;

/** The kinds this service configures, in registry order: what the planner offers. */
export function configuredKinds(service: ServiceTargets): StrategyKind[] {
  return (Object.keys(STRATEGY_SETTINGS) as StrategyKind[]).filter((k) => STRATEGY_SETTINGS[k].configured(service));
}

/** Why these (already parsed) params reach outside the service's configuration; [] when they do not. */
export function bindingViolations(kind: StrategyKind, service: ServiceTargets, params: unknown): string[] {
  if (!STRATEGY_SETTINGS[kind].configured(service)) return [`${kind} is not configured for this service`];
  // params were parsed by this kind's own paramsSchema.
  return (STRATEGY_SETTINGS[kind] as StrategySettings<unknown>).violations(service, params);
}
