/** Every strategy by kind, for the runner and the server actions. */
import type { RollbackStrategy } from "../strategy";
import { blueGreen } from "./blue-green";
import { canary } from "./canary";
import { dbMigration } from "./db-migration";
import { dbRestore } from "./db-restore";
import { deploymentUndo } from "./deployment-undo";
import { drFailover } from "./dr-failover";
import { featureFlag } from "./feature-flag";

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
