// The strategies the planner offers, each with its parameter inputs (named `params.<field>`).
import type { ComponentType } from "react";
import { DeploymentUndoForm } from "./deployment-undo-form";
import { BlueGreenForm } from "./blue-green-form";
import { CanaryForm } from "./canary-form";
import { FeatureFlagForm } from "./feature-flag-form";
import { DbMigrationForm } from "./db-migration-form";
import { DbRestoreForm } from "./db-restore-form";
import { DrFailoverForm } from "./dr-failover-form";

export type StrategyFormService = { id: string; name: string; namespace: string; deployments: string[]; strategyConfig: unknown };
export type StrategyForm = { kind: string; label: string; Form: ComponentType<{ service: StrategyFormService }> };

export const STRATEGY_FORMS: StrategyForm[] = [
  { kind: "deployment-undo", label: "Kubernetes rollout undo", Form: DeploymentUndoForm },
  { kind: "blue-green", label: "Blue-green: switch traffic back", Form: BlueGreenForm },
  { kind: "canary", label: "Canary: drain and remove", Form: CanaryForm },
  { kind: "feature-flag", label: "Feature flag kill switch", Form: FeatureFlagForm },
  { kind: "db-migration", label: "Database: down-migration", Form: DbMigrationForm },
  { kind: "db-restore", label: "Database: restore a table from backup", Form: DbRestoreForm },
  { kind: "dr-failover", label: "Disaster recovery failover", Form: DrFailoverForm },
];
