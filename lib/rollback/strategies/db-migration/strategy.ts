/**
 * Down-migration runbook on a service's own PostgreSQL database (lib/database-rollback/migration.ts
 * for the one-transaction contract). plan() changes nothing: it parses the SQL with Postgres's own
 * parser (refusing transaction control), and runs only the pre-check and the verification query,
 * each one SELECT, in a READ ONLY transaction. The down-migration itself runs only in execute(),
 * which reports pre-check → migrate → verify → commit; any failure is a ROLLBACK, recorded with its
 * stage.
 */
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors";
import { serviceDb, pgMessage } from "@/lib/database-rollback/connection";
import {
  checkRunbook,
  runMigration,
  type MigrationRunbook,
  type MigrationStage,
} from "@/lib/rollback/strategies/db-migration/migration";
import { readOnlyCells } from "@/lib/database-rollback/run-statement";
import type { Check, Plan, RollbackStrategy, StrategyContext } from "@/lib/rollback/strategy";
import { dbMigrationParamsSchema, type DbMigrationParams } from "./params";

export const dbMigrationDataSchema = z.object({ database: z.string(), versionAtPlan: z.string().nullable() });
export type DbMigrationData = z.infer<typeof dbMigrationDataSchema>;
export type DbMigrationPlan = Plan<DbMigrationParams, DbMigrationData>;

const runbook = (p: DbMigrationParams): MigrationRunbook => ({
  sql: p.sql,
  precheckSql: p.precheckSql,
  expectedVersion: p.expectedVersion,
  verifySql: p.verifySql,
  expectedResult: p.expectedResult,
  lockTimeoutMs: p.lockTimeoutMs,
  statementTimeoutMs: p.statementTimeoutMs,
});

const dbTarget = (db: { target: { host: string; port: number; database: string } }) =>
  `db/${db.target.host}:${db.target.port}/${db.target.database}`;

async function plan(_ctx: StrategyContext, params: DbMigrationParams): Promise<DbMigrationPlan> {
  const db = serviceDb(params.urlEnv);
  // Refused here, before anything reaches the database: bad SQL is a clear error, not a warning.
  const checked = await checkRunbook(params);
  const warnings: string[] = [];
  let version: string | null = null;
  let verifyNow: string | null = null;
  try {
    [version] = await readOnlyCells(db, [checked.precheck]);
    if (version !== params.expectedVersion)
      warnings.push(
        `The pre-check returns "${version}" now, not "${params.expectedVersion}": execute will refuse and change nothing.`,
      );
  } catch (e) {
    warnings.push(`Could not run the pre-check on ${db.target.label}: ${pgMessage(e)}`);
  }
  // Before the migration the verification may fail (it can name what the migration creates): say so, go on.
  try {
    [verifyNow] = await readOnlyCells(db, [checked.verify]);
    if (verifyNow === params.expectedResult)
      warnings.push(
        `The verification query already returns "${verifyNow}" before the down-migration: it cannot tell whether the migration worked.`,
      );
  } catch (e) {
    warnings.push(`The verification query cannot run before the down-migration: ${pgMessage(e)}`);
  }
  const kinds = checked.statements.map((s) => statementLabel(s.kind));
  const label = params.name ? `"${params.name}"` : "the down-migration";
  return {
    strategy: "db-migration",
    target: dbTarget(db),
    summary: `Run ${label} on ${db.target.label} in one transaction: pre-check must return "${params.expectedVersion}" (now ${version === null ? "unknown" : `"${version}"`}), verification must return "${params.expectedResult}", else everything rolls back.`,
    diff: [
      {
        path: `database ${db.target.label}`,
        before: `schema version ${version ?? "?"}`,
        after: `down-migration, then verification = ${params.expectedResult}`,
      },
      { path: "sql", before: null, after: params.sql },
      {
        path: "statements",
        before: null,
        after: `${kinds.length}: ${kinds.join(", ")} (run only on Roll back, in one transaction)`,
      },
      { path: "pre-check", before: params.precheckSql, after: params.expectedVersion },
      {
        path: "verification",
        before: verifyNow === null ? params.verifySql : `${params.verifySql} → "${verifyNow}" now`,
        after: params.expectedResult,
      },
    ],
    warnings,
    params,
    data: { database: db.target.label, versionAtPlan: version },
    plannedAt: new Date().toISOString(),
  };
}

/** `AlterTableStmt` → `ALTER TABLE`, for people reading the plan. */
const statementLabel = (kind: string) =>
  kind
    .replace(/Stmt$/, "")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toUpperCase();

export const dbMigration: RollbackStrategy<DbMigrationParams, DbMigrationData> = {
  kind: "db-migration",
  paramsSchema: dbMigrationParamsSchema,
  dataSchema: dbMigrationDataSchema,
  parseParams: (input) => dbMigrationParamsSchema.parse(input),
  captureTargets: () => null,
  expectedVersion: () => undefined,
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
      await report({
        step: r.stage === "connect" ? "pre-check" : r.stage,
        state: "failed",
        detail: r.message,
        data: { got: r.got },
      });
      throw new AppError("failed", `${p.params.name || "down-migration"} on ${db.target.label}: ${r.message}`);
    }
    if (current) await report({ step: current, state: "succeeded", detail: `verification returned "${r.result}"` });
    await report({
      step: "commit",
      state: "succeeded",
      detail: `${r.statements} statement${r.statements === 1 ? "" : "s"} committed in ${r.durationMs} ms`,
    });
    return {
      outcome: "succeeded",
      message: `${p.params.name || "down-migration"} committed on ${db.target.label} (from schema version ${r.version}; verification "${r.result}")`,
      data: { durationMs: r.durationMs },
    };
  },
  async verify(_ctx, p) {
    const db = serviceDb(p.params.urlEnv);
    try {
      const [got] = await readOnlyCells(db, [(await checkRunbook(p.params)).verify]);
      return [
        {
          name: "verification query",
          ok: got === p.params.expectedResult,
          detail: `returned "${got}", expected "${p.params.expectedResult}"`,
        },
      ] satisfies Check[];
    } catch (e) {
      return [{ name: "verification query", ok: false, detail: isAppError(e) ? e.userMessage : pgMessage(e) }];
    }
  },
};
