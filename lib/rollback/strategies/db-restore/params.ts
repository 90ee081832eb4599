// What a commander asks of a table restore (browser-safe: zod only; the planner's form builds it).
import { z } from "zod";
import { tableNameSchema, urlEnvSchema } from "@/lib/database-rollback/params";

export const dbRestoreParamsSchema = z.object({
  urlEnv: urlEnvSchema,
  table: tableNameSchema,
  /** Absolute path of a `pg_dump -Fc` file inside RCC_DB_BACKUP_DIRS. */
  backupPath: z.string().min(1),
  /** A timestamp column: after the restore no row may be newer than the backup. */
  updatedAtColumn: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_$]*$/)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  lockTimeoutMs: z.coerce.number().int().min(100).max(600_000).default(5_000),
});
export type DbRestoreParams = z.infer<typeof dbRestoreParamsSchema>;
