/**
 * The service's `database` setting, shared by the down-migration and table-restore strategies: the
 * env var holding its URL (never the URL), the reviewed runbooks, and the tables a restore may touch.
 * zod only (browser-safe). Older rows carry one `runbook` and one `restore.table`; both are read as lists.
 */
import { z } from "zod";
import { serviceEnvNameSchema } from "@/lib/services/env-name";
import { tableNameSchema } from "./params";

export const runbookSettingsSchema = z
  .object({
    name: z.string().max(200).default(""),
    sql: z.string().trim().min(1),
    precheckSql: z.string().trim().min(1),
    expectedVersion: z.string().trim().min(1),
    verifySql: z.string().trim().min(1),
    expectedResult: z.string().trim(),
  })
  .strict();
export type RunbookSettings = z.infer<typeof runbookSettingsSchema>;

const restoreSettingsSchema = z.preprocess(
  (v) => {
    if (!v || typeof v !== "object" || !("table" in v)) return v;
    const { table, ...rest } = v as { table: unknown; tables?: unknown[] };
    return { ...rest, tables: [table, ...((rest.tables as unknown[]) ?? [])] };
  },
  z
    .object({
      /** The tables a restore may replace; a restore names one of them. */
      tables: z.array(tableNameSchema).min(1),
      /** Default backup file (pg_dump -Fc inside RCC_DB_BACKUP_DIRS). */
      backupPath: z.string().min(1).optional(),
      updatedAtColumn: z.string().min(1).optional(),
    })
    .strict(),
);

export const databaseSettingsSchema = z.preprocess(
  (v) => {
    if (!v || typeof v !== "object" || !("runbook" in v)) return v;
    const { runbook, ...rest } = v as { runbook: unknown; runbooks?: unknown[] };
    return { ...rest, runbooks: [runbook, ...((rest.runbooks as unknown[]) ?? [])] };
  },
  z
    .object({
      urlEnv: serviceEnvNameSchema,
      runbooks: z.array(runbookSettingsSchema).default([]),
      restore: restoreSettingsSchema.optional(),
    })
    .strict(),
);
export type DatabaseSettings = z.infer<typeof databaseSettingsSchema>;
