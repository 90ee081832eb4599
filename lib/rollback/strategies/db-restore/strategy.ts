/**
 * Table restore on a service's own PostgreSQL database from a pg_dump custom-format backup
 * (lib/database-rollback/restore.ts for the method: TRUNCATE + pg_restore --data-only -t in one
 * psql transaction committed only after the row count is checked inside it). plan() changes nothing:
 * it shows the target (host/db only), the backup, rows now vs in the backup and the SQL, and checks
 * read-only what would make the restore fail (privileges, foreign keys that refuse the TRUNCATE,
 * columns the backup fills that the table lacks); execute() restores then checks the row count and,
 * with updatedAtColumn, that no row is newer than the backup.
 */
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { pgMessage, serviceDb, type ServiceDb } from "@/lib/database-rollback/connection";
import { splitTable } from "@/lib/database-rollback/params";
import { readOnlyCells } from "@/lib/database-rollback/run-statement";
import {
  allowedBackup,
  archiveInfo,
  restoreScript,
  restoreTable,
  type ArchiveInfo,
} from "@/lib/rollback/strategies/db-restore/restore";
import type { Check, Plan, RollbackStrategy } from "@/lib/rollback/strategy";
import { dbRestoreParamsSchema, type DbRestoreParams } from "./params";

export const dbRestoreDataSchema = z.object({
  database: z.string(),
  backup: z.object({
    file: z.string(),
    sizeBytes: z.number(),
    createdAt: z.string().nullable(),
    dumpedFrom: z.string().nullable(),
    rows: z.number().int(),
    // Plans stored before the column list was read have none.
    columns: z.array(z.string()).default([]),
  }) satisfies z.ZodType<ArchiveInfo>,
  rowsAtPlan: z.number().nullable(),
  sql: z.string(),
});
export type DbRestoreData = z.infer<typeof dbRestoreDataSchema>;
export type DbRestorePlan = Plan<DbRestoreParams, DbRestoreData>;

async function query(db: ServiceDb, sql: string): Promise<string> {
  return (await readOnlyCells(db, [sql]))[0];
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** What would make the restore fail, read from the catalog without touching the table. */
async function preflight(
  db: ServiceDb,
  table: string,
  backup: ArchiveInfo,
): Promise<{ problems: string[]; passed: string[] }> {
  const t = splitTable(table);
  const rel = `${lit(t.sql)}::regclass`;
  const [privileges, referencedBy, columns] = await readOnlyCells(db, [
    `SELECT concat_ws(',', CASE WHEN NOT has_table_privilege(${rel}, 'TRUNCATE') THEN 'TRUNCATE' END, CASE WHEN NOT has_table_privilege(${rel}, 'INSERT') THEN 'INSERT' END)`,
    `SELECT coalesce(string_agg(DISTINCT conrelid::regclass::text, ', '), '') FROM pg_constraint WHERE contype = 'f' AND confrelid = ${rel} AND conrelid <> confrelid`,
    `SELECT coalesce(json_agg(attname ORDER BY attnum), '[]') FROM pg_attribute WHERE attrelid = ${rel} AND attnum > 0 AND NOT attisdropped`,
  ]);
  const problems: string[] = [];
  const passed: string[] = [];
  if (privileges)
    problems.push(`${db.target.user} lacks ${privileges.replace(",", " and ")} on ${t.schema}.${t.table}`);
  else passed.push("TRUNCATE and INSERT allowed");
  if (referencedBy)
    problems.push(`TRUNCATE will be refused: foreign keys in ${referencedBy} point at ${t.schema}.${t.table}`);
  else passed.push("no foreign key points here");
  const live = new Set(JSON.parse(columns) as string[]);
  const missing = backup.columns.filter((c) => !live.has(c));
  if (missing.length)
    problems.push(`the backup fills column(s) ${missing.join(", ")} that ${t.schema}.${t.table} no longer has`);
  else passed.push(`the table has every column the backup fills (${backup.columns.length})`);
  return { problems, passed };
}

async function tableChecks(db: ServiceDb, p: DbRestoreParams, backup: ArchiveInfo): Promise<Check[]> {
  const t = splitTable(p.table);
  const count = Number(await query(db, `SELECT count(*) FROM ${t.sql}`));
  const checks: Check[] = [
    {
      name: "row count",
      ok: count === backup.rows,
      detail: `${count} rows in ${t.schema}.${t.table}; the backup has ${backup.rows}`,
    },
  ];
  if (p.updatedAtColumn) {
    const last = await query(db, `SELECT max("${p.updatedAtColumn}") FROM ${t.sql}`);
    const lastAt = last === "null" || last === "(no rows)" ? null : new Date(last);
    const ok = !backup.createdAt || !lastAt || lastAt.getTime() <= new Date(backup.createdAt).getTime() + 1000;
    checks.push({
      name: "last update",
      ok,
      detail: `newest ${p.updatedAtColumn} ${lastAt ? lastAt.toISOString() : "none"}; backup taken ${backup.createdAt ?? "at an unknown time"}`,
    });
  }
  return checks;
}

export const dbRestore: RollbackStrategy<DbRestoreParams, DbRestoreData> = {
  kind: "db-restore",
  paramsSchema: dbRestoreParamsSchema,
  dataSchema: dbRestoreDataSchema,
  parseParams: (input) => dbRestoreParamsSchema.parse(input),
  captureTargets: () => null,
  expectedVersion: () => undefined,

  async plan(_ctx, params) {
    const db = serviceDb(params.urlEnv);
    const file = await allowedBackup(params.backupPath);
    const backup = await archiveInfo(file, params.table);
    const t = splitTable(params.table);
    const warnings: string[] = [];
    let rowsNow: number | null = null;
    let checks = "";
    try {
      rowsNow = Number(await query(db, `SELECT count(*) FROM ${t.sql}`));
      const pre = await preflight(db, params.table, backup);
      warnings.push(...pre.problems.map((p) => `The restore would fail: ${p}.`));
      checks = pre.passed.join("; ");
    } catch (e) {
      warnings.push(`Could not read ${t.schema}.${t.table} on ${db.target.label}: ${pgMessage(e)}`);
    }
    const { before, after } = restoreScript(params.table, backup.rows, params.lockTimeoutMs);
    const sql = `${before}-- pg_restore --data-only -n ${t.schema} -t ${t.table} ${file}\nCOPY ${t.sql} FROM stdin;  -- ${backup.rows} rows from the backup\n${after}`;
    return {
      strategy: "db-restore",
      target: `db/${db.target.host}:${db.target.port}/${db.target.database}`,
      summary: `Replace every row of ${t.schema}.${t.table} on ${db.target.label} with the ${backup.rows} rows of backup ${file} (taken ${backup.createdAt ?? "?"}), in one transaction that rolls back unless the count matches.`,
      diff: [
        { path: `rows ${t.schema}.${t.table}`, before: rowsNow, after: backup.rows },
        { path: "sql", before: null, after: sql },
        ...(checks ? [{ path: "read-only checks", before: null, after: checks }] : []),
      ],
      warnings,
      params,
      data: { database: db.target.label, backup, rowsAtPlan: rowsNow, sql },
      plannedAt: new Date().toISOString(),
    };
  },

  async execute(ctx, p, report) {
    const db = serviceDb(p.params.urlEnv);
    const file = await allowedBackup(p.params.backupPath);
    await report({
      step: "restore",
      state: "running",
      detail: `TRUNCATE + pg_restore -t ${p.params.table} from ${file} into ${db.target.label}`,
    });
    const r = await restoreTable(db, file, p.params.table, p.data.backup.rows, {
      lockTimeoutMs: p.params.lockTimeoutMs,
      signal: ctx.signal,
    });
    if (!r.ok) {
      await report({ step: "restore", state: "failed", detail: r.message });
      throw new AppError("failed", `restore of ${p.params.table} on ${db.target.label}: ${r.message}`);
    }
    await report({ step: "restore", state: "succeeded", detail: r.message });
    await report({ step: "check", state: "running", detail: "row count and last update" });
    const checks = await tableChecks(db, p.params, p.data.backup);
    const bad = checks.filter((c) => !c.ok);
    await report({
      step: "check",
      state: bad.length ? "failed" : "succeeded",
      detail: checks.map((c) => c.detail).join("; "),
      data: checks,
    });
    if (bad.length)
      throw new AppError("failed", `restored, but ${bad.map((c) => `${c.name}: ${c.detail}`).join("; ")}`);
    return {
      outcome: "succeeded",
      message: `${p.params.table} restored on ${db.target.label}: ${checks.map((c) => c.detail).join("; ")}`,
      data: { checks },
    };
  },

  async verify(_ctx, p) {
    try {
      return await tableChecks(serviceDb(p.params.urlEnv), p.params, p.data.backup);
    } catch (e) {
      return [{ name: "row count", ok: false, detail: pgMessage(e) }];
    }
  },
};
