// Down-migration: offered when the service names its database and at least one reviewed runbook.
// The runbook's SQL may be edited before planning (it is the commander's call, shown in the plan);
// the database may not: it is the service's own, by env var name.
import { notConfigured, type StrategySettings } from "../../settings";
import type { DbMigrationParams } from "./params";

export const dbMigrationSettings: StrategySettings<DbMigrationParams> = {
  section: "database",
  configured: (s) => (s.strategies.database?.runbooks.length ?? 0) > 0,
  violations: (s, p) => {
    const db = s.strategies.database;
    if (!db) return ["no database is configured for this service"];
    return p.urlEnv === db.urlEnv ? [] : [notConfigured("database", p.urlEnv, [db.urlEnv])];
  },
  access: () => [],
};
