/**
 * Down-migration runbook on a service's own PostgreSQL database (lib/database-rollback/migration.ts
 * for the one-transaction contract). plan() shows the target (host/db only), the SQL, the current
 * schema version and, by default, a full dry run (everything, then ROLLBACK). execute() reports
 * pre-check → migrate → verify → commit; any failure is a ROLLBACK, recorded with its stage.
 */
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors";
import { serviceDb, pgMessage } from "@/lib/database-rollback/connection";
import { readVersion, runMigration, type MigrationRunbook, type MigrationStage } from "@/lib/database-rollback/migration";
import { formBoolean, urlEnvSchema } from "@/lib/database-rollback/params";
import type { Check, Plan, RollbackStrategy, StrategyContext } from "../strategy";

export const dbMigrationParamsSchema = z.object({
  urlEnv: urlEnvSchema,
  /** Runbook name for people, e.g. "2026_11_add_orders_status down". */
  name: z.string().max(200).default(""),
  sql: z.string().trim().min(1),
  precheckSql: z.string().trim().min(1),
  expectedVersion: z.string().trim().min(1),
  verifySql: z.string().trim().min(1),
  expectedResult: z.string().trim(),
  dryRun: formBoolean(true),
  lockTimeoutMs: z.coerce.number().int().min(100).max(600_000).default(5_000),
  statementTimeoutMs: z.coerce.number().int().min(100).max(3_600_000).default(300_000),
});
export type DbMigrationParams = z.infer<typeof dbMigrationParamsSchema>;

export interface DbMigrationData {
  database: string;
  versionAtPlan: string | null;
}
export type DbMigrationPlan = Plan<DbMigrationParams, DbMigrationData>;

const runbook = (p: DbMigrationParams, previewLock?: number): MigrationRunbook => ({
  sql: p.sql,
  precheckSql: p.precheckSql,
  expectedVersion: p.expectedVersion,
  verifySql: p.verifySql,
  expectedResult: p.expectedResult,
  lockTimeoutMs: previewLock ?? p.lockTimeoutMs,
  statementTimeoutMs: p.statementTimeoutMs,
});

const dbTarget = (db: { target: { host: string; port: number; database: string } }) => `db/${db.target.host}:${db.target.port}/${db.target.database}`;

async function plan(ctx: StrategyContext, params: DbMigrationParams): Promise<DbMigrationPlan> {
  const db = serviceDb(params.urlEnv);
  const warnings: string[] = [];
  let version: string | null = null;
  try {
    version = await readVersion(db, params.precheckSql);
    if (version !== params.expectedVersion) warnings.push(`The pre-check returns "${version}" now, not "${params.expectedVersion}": execute will refuse and change nothing.`);
  } catch (e) {
    warnings.push(`Could not run the pre-check on ${db.target.label}: ${pgMessage(e)}`);
  }
  let dryRun;
  if (params.dryRun && version === params.expectedVersion) {
    // Short lock timeout: a preview must not queue behind production locks.
    const r = await runMigration(db, runbook(params, Math.min(params.lockTimeoutMs, 2_000)), { dryRun: true, signal: ctx.signal });
    dryRun = r.ok
      ? { ok: true, message: `ran in a transaction on ${db.target.label} and rolled back: pre-check "${r.version}", verification "${r.result}" (${r.durationMs} ms)` }
      : { ok: false, message: `${r.stage}: ${r.message}` };
    if (!r.ok) warnings.push(`The dry run failed at ${r.stage}: ${r.message}`);
  }
  const label = params.name ? `"${params.name}"` : "the down-migration";
  return {
    strategy: "db-migration",
    target: dbTarget(db),
    summary: `Run ${label} on ${db.target.label} in one transaction: pre-check must return "${params.expectedVersion}" (now ${version === null ? "unknown" : `"${version}"`}), verification must return "${params.expectedResult}", else everything rolls back.`,
    diff: [
      { path: `database ${db.target.label}`, before: `schema version ${version ?? "?"}`, after: `down-migration, then verification = ${params.expectedResult}` },
      { path: "sql", before: null, after: params.sql },
      { path: "pre-check", before: params.precheckSql, after: params.expectedVersion },
      { path: "verification", before: params.verifySql, after: params.expectedResult },
    ],
    dryRun,
    warnings,
    params,
    data: { database: db.target.label, versionAtPlan: version },
    plannedAt: new Date().toISOString(),
  };
}

export const dbMigration: RollbackStrategy<DbMigrationParams, DbMigrationData> = {
  kind: "db-migration",
  parseParams: (input) => dbMigrationParamsSchema.parse(input),
  plan,
  async execute(ctx, p, report) {
    const db = serviceDb(p.params.urlEnv);
    let current: MigrationStage | undefined;
    const r = await runMigration(db, runbook(p.params), {
      signal: ctx.signal,
      onStage: async (stage, detail) => {
        if (current) await report({ step: current, state: "succeeded" });
        current = stage;
        await report({ step: stage, state: "running", detail });
      },
    });
    if (!r.ok) {
      await report({ step: r.stage === "connect" ? "pre-check" : r.stage, state: "failed", detail: r.message, data: { got: r.got } });
      throw new AppError("failed", `${p.params.name || "down-migration"} on ${db.target.label}: ${r.message}`);
    }
    if (current) await report({ step: current, state: "succeeded", detail: `verification returned "${r.result}"` });
    await report({ step: "commit", state: "succeeded", detail: `committed in ${r.durationMs} ms` });
    return { outcome: "succeeded", message: `${p.params.name || "down-migration"} committed on ${db.target.label} (from schema version ${r.version}; verification "${r.result}")`, data: { durationMs: r.durationMs } };
  },
  async verify(_ctx, p) {
    const db = serviceDb(p.params.urlEnv);
    try {
      const got = await readVersion(db, p.params.verifySql);
      return [{ name: "verification query", ok: got === p.params.expectedResult, detail: `returned "${got}", expected "${p.params.expectedResult}"` }] satisfies Check[];
    } catch (e) {
      return [{ name: "verification query", ok: false, detail: isAppError(e) ? e.userMessage : pgMessage(e) }];
    }
  },
};
