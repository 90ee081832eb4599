// Table restore: offered when the service names its database and the tables a restore may replace.
import { notConfigured, type StrategySettings } from "../../settings";
import type { DbRestoreParams } from "./params";

export const dbRestoreSettings: StrategySettings<DbRestoreParams> = {
  section: "database",
  configured: (s) => s.strategies.database?.restore !== undefined,
  violations: (s, p) => {
    const db = s.strategies.database;
    if (!db?.restore) return ["table restore is not configured for this service"];
    const out: string[] = [];
    if (p.urlEnv !== db.urlEnv) out.push(notConfigured("database", p.urlEnv, [db.urlEnv]));
    if (!db.restore.tables.includes(p.table)) out.push(notConfigured("table", p.table, db.restore.tables));
    return out;
  },
  access: () => [],
};
