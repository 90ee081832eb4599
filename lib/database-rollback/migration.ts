/**
 * A down-migration runbook, all in ONE transaction on the service's database:
 *   BEGIN → lock/statement timeouts → pre-check (must return the expected schema version) →
 *   the SQL → verification (must return the expected result) → COMMIT
 * Anything else (a mismatch, an error, a timeout, a cancel) is a ROLLBACK: nothing changed.
 * A dry run is the same with ROLLBACK instead of COMMIT (Postgres DDL is transactional), under a
 * short lock timeout so previewing never queues behind production traffic for long.
 * SQL that would end the transaction itself (COMMIT, ROLLBACK, BEGIN...) is refused up front.
 */
import { pgMessage, type ServiceDb } from "./connection";

export interface MigrationRunbook {
  sql: string;
  precheckSql: string;
  expectedVersion: string;
  verifySql: string;
  expectedResult: string;
  lockTimeoutMs: number;
  statementTimeoutMs: number;
}

export type MigrationStage = "connect" | "pre-check" | "migrate" | "verify" | "commit";

export type MigrationOutcome =
  | { ok: true; committed: boolean; version: string; result: string; durationMs: number }
  | { ok: false; stage: MigrationStage; message: string; got?: string; durationMs: number };

/** The first cell of the last result set, as text (`null` for SQL NULL, JSON for objects). */
export function firstCell(res: unknown): string {
  const results = (Array.isArray(res) ? res : [res]) as { rows?: Record<string, unknown>[]; fields?: { name: string }[] }[];
  const last = [...results].reverse().find((r) => r.fields && r.fields.length > 0);
  const row = last?.rows?.[0];
  if (!last || !row) return "(no rows)";
  const v = row[last.fields![0].name];
  if (v === null || v === undefined) return "null";
  if (v instanceof Date) return v.toISOString();
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** Removes comments and quoted text, so keywords inside them do not count. */
function code(sql: string): string {
  return sql
    .replace(/\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, "''")
    .replace(/--[^\n]*/g, " ")
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"(?:[^"]|"")*"/g, '""');
}

/** Statements that would end or nest our transaction, which the one-transaction promise forbids. */
export function transactionControl(sql: string): string | undefined {
  for (const stmt of code(sql).split(";")) {
    const m = stmt.trim().match(/^(BEGIN|COMMIT|ROLLBACK|END|ABORT|START\s+TRANSACTION|PREPARE\s+TRANSACTION|COMMIT\s+PREPARED)\b/i);
    if (m) return m[1].toUpperCase().replace(/\s+/g, " ");
  }
  return undefined;
}

export async function runMigration(
  db: ServiceDb,
  rb: MigrationRunbook,
  opts: { dryRun?: boolean; signal?: AbortSignal; onStage?: (stage: MigrationStage, detail: string) => void | Promise<void> } = {},
): Promise<MigrationOutcome> {
  const t0 = Date.now();
  const fail = (stage: MigrationStage, message: string, got?: string): MigrationOutcome => ({ ok: false, stage, message, got, durationMs: Date.now() - t0 });
  const ctl = transactionControl(rb.sql) ?? transactionControl(rb.precheckSql) ?? transactionControl(rb.verifySql);
  if (ctl) return fail("connect", `the runbook contains ${ctl}: it runs inside one transaction that this tool commits or rolls back, so it may not control transactions itself`);

  const client = db.client();
  // A cancel closes the connection: the server then rolls the open transaction back.
  const onAbort = () => void client.end().catch(() => {});
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  let stage: MigrationStage = "connect";
  try {
    await client.connect();
    await client.query("BEGIN");
    await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(rb.lockTimeoutMs))}`);
    await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(rb.statementTimeoutMs))}`);

    stage = "pre-check";
    await opts.onStage?.(stage, rb.precheckSql);
    const version = firstCell(await client.query(rb.precheckSql));
    if (version !== rb.expectedVersion) {
      await client.query("ROLLBACK");
      return fail(stage, `pre-check returned "${version}", expected schema version "${rb.expectedVersion}"; nothing was changed`, version);
    }
    stage = "migrate";
    await opts.onStage?.(stage, `schema version ${version}: running the down-migration`);
    await client.query(rb.sql);

    stage = "verify";
    await opts.onStage?.(stage, rb.verifySql);
    const result = firstCell(await client.query(rb.verifySql));
    if (result !== rb.expectedResult) {
      await client.query("ROLLBACK");
      return fail(stage, `verification returned "${result}", expected "${rb.expectedResult}"; rolled back, nothing was changed`, result);
    }
    stage = "commit";
    await client.query(opts.dryRun ? "ROLLBACK" : "COMMIT");
    return { ok: true, committed: !opts.dryRun, version, result, durationMs: Date.now() - t0 };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    const why = opts.signal?.aborted ? "cancelled" : pgMessage(e);
    const tail = stage === "commit" ? "" : "; rolled back, nothing was changed";
    return fail(stage, `${stage} failed: ${why}${tail}`);
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    await client.end().catch(() => {});
  }
}

/** Reads the current schema version (read-only, for the plan). */
export async function readVersion(db: ServiceDb, precheckSql: string): Promise<string> {
  const client = db.client();
  try {
    await client.connect();
    await client.query("BEGIN READ ONLY");
    await client.query("SET LOCAL statement_timeout = 10000");
    return firstCell(await client.query(precheckSql));
  } finally {
    await client.query("ROLLBACK").catch(() => {});
    await client.end().catch(() => {});
  }
}
