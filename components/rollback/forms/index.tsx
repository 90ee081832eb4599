// The strategies the planner can offer, each with its form from its strategy's folder. Keyed by the
// server registry's kinds (a type-only import): a strategy without a form, or a form without a
// strategy, fails to compile. The planner offers only the kinds the service configures.
import type { StrategyKind } from "@/lib/rollback/strategies";
import type { FormParamsOf, StrategyForm } from "@/lib/rollback/strategies/form-types";
import { BlueGreenForm } from "@/lib/rollback/strategies/blue-green/form";
import { CanaryForm } from "@/lib/rollback/strategies/canary/form";
import { DbMigrationForm } from "@/lib/rollback/strategies/db-migration/form";
import { DbRestoreForm } from "@/lib/rollback/strategies/db-restore/form";
import { DeploymentUndoForm } from "@/lib/rollback/strategies/deployment-undo/form";
import { DrFailoverForm } from "@/lib/rollback/strategies/dr-failover/form";
import { FeatureFlagForm } from "@/lib/rollback/strategies/feature-flag/form";
import { HelmRollbackForm } from "@/lib/rollback/strategies/helm-rollback/form";

/** In the order the planner lists them. */
export const STRATEGY_FORMS = {
  "deployment-undo": { label: "Kubernetes rollout undo", Form: DeploymentUndoForm },
  "blue-green": { label: "Blue-green: switch traffic back", Form: BlueGreenForm },
  canary: { label: "Canary: drain and remove", Form: CanaryForm },
  "feature-flag": { label: "Feature flag kill switch", Form: FeatureFlagForm },
  "db-migration": { label: "Database: down-migration", Form: DbMigrationForm },
  "db-restore": { label: "Database: restore a table from backup", Form: DbRestoreForm },
  "dr-failover": { label: "Disaster recovery failover", Form: DrFailoverForm },
  "helm-rollback": { label: "Helm rollback (helm rollback)", Form: HelmRollbackForm },
} as const satisfies Record<StrategyKind, StrategyForm>;

/** The params any of the forms reports. */
export type AnyFormParams = { [K in StrategyKind]: FormParamsOf<(typeof STRATEGY_FORMS)[K]> }[StrategyKind];
