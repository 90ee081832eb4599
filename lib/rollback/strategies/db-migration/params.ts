// What a commander asks of a down-migration (browser-safe: zod only; the planner's form builds it).
import { z } from "zod";
import { urlEnvSchema } from "@/lib/database-rollback/params";

export const dbMigrationParamsSchema = z.object({
  urlEnv: urlEnvSchema,
  /** Runbook name for people, e.g. "2026_11_add_orders_status down". */
  name: z.string().max(200).default(""),
  sql: z.string().trim().min(1),
  precheckSql: z.string().trim().min(1),
  expectedVersion: z.string().trim().min(1),
  verifySql: z.string().trim().min(1),
  expectedResult: z.string().trim(),
  lockTimeoutMs: z.coerce.number().int().min(100).max(600_000).default(5_000),
  statementTimeoutMs: z.coerce.number().int().min(100).max(3_600_000).default(300_000),
});
export type DbMigrationParams = z.infer<typeof dbMigrationParamsSchema>;
