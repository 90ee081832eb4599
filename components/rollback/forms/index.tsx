// The strategies the planner offers, each with its parameter inputs (named `params.<field>`).
// Keyed by the server registry's kinds (a type-only import): a strategy without a form, or a form
// without a strategy, fails to compile.
import type { ComponentType } from "react";
import type { StrategyKind } from "@/lib/rollback/strategies";
import { DeploymentUndoForm } from "./deployment-undo-form";
import { BlueGreenForm } from "./blue-green-form";
import { CanaryForm } from "./canary-form";
import { FeatureFlagForm } from "./feature-flag-form";
import { DbMigrationForm } from "./db-migration-form";
import { DbRestoreForm } from "./db-restore-form";
import { DrFailoverForm } from "./dr-failover-form";

export type StrategyFormService = {
  id: string;
  name: string;
  namespace: string;
  deployments: string[];
  strategyConfig: unknown;
};
export type StrategyForm = { label: string; Form: ComponentType<{ service: StrategyFormService }> };

/** In the order the planner lists them. */
export const STRATEGY_FORMS: Record<StrategyKind, StrategyForm> = {
  "deployment-undo": { label: "Kubernetes rollout undo", Form: DeploymentUndoForm },
  "blue-green": { label: "Blue-green: switch traffic back", Form: BlueGreenForm },
  canary: { label: "Canary: drain and remove", Form: CanaryForm },
  "feature-flag": { label: "Feature flag kill switch", Form: FeatureFlagForm },
  "db-migration": { label: "Database: down-migration", Form: DbMigrationForm },
  "db-restore": { label: "Database: restore a table from backup", Form: DbRestoreForm },
  "dr-failover": { label: "Disaster recovery failover", Form: DrFailoverForm },
};

export const strategyKinds = Object.keys(STRATEGY_FORMS) as StrategyKind[];

export function isPlannableKind(kind: string | undefined): kind is StrategyKind {
  return kind !== undefined && Object.hasOwn(STRATEGY_FORMS, kind);
}
