/** Every strategy by kind, for the runner and the server actions. */
import type { RollbackStrategy } from "../strategy";
import { blueGreen } from "./blue-green/strategy";
import { canary } from "./canary/strategy";
import { dbMigration } from "./db-migration/strategy";
import { dbRestore } from "./db-restore/strategy";
import { deploymentUndo } from "./deployment-undo/strategy";
import { drFailover } from "./dr-failover/strategy";
import { featureFlag } from "./feature-flag/strategy";

export const strategies = {
  "deployment-undo": deploymentUndo,
  "blue-green": blueGreen,
  canary,
  "feature-flag": featureFlag,
  "db-migration": dbMigration,
  "db-restore": dbRestore,
  "dr-failover": drFailover,
} as const satisfies Record<string, RollbackStrategy<never, never> | RollbackStrategy<any, any>>;

export type StrategyKind = keyof typeof strategies;

export function strategyFor(kind: string): RollbackStrategy<unknown, unknown> {
  const s = (strategies as Record<string, RollbackStrategy<any, any>>)[kind];
  if (!s) throw new Error(`unknown rollback strategy "${kind}"`);
  return s;
}
