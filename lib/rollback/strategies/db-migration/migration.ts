/**
 * A down-migration runbook, all in ONE transaction on the service's database, run only when the
 * commander confirms (never at plan time):
 *   BEGIN → lock/statement timeouts → pre-check (must return the expected schema version) →
 *   the SQL, statement by statement → verification (must return the expected result) → COMMIT
 * Anything else (a mismatch, an error, a timeout, a cancel) is a ROLLBACK: nothing changed.
 *
 * The SQL is split by Postgres's own parser and refused whole if it controls transactions
 * (statements.ts); each statement goes over the extended protocol, one per message
 * (run-statement.ts); and the transaction id is compared before COMMIT, so even a statement that
 * ended the transaction some other way could not be reported as "rolled back, nothing changed".
 */
import { pgMessage, type ServiceDb } from "@/lib/database-rollback/connection";
import { firstCell, runStatement } from "@/lib/database-rollback/run-statement";
import { migrationStatements, readOnlyQuery } from "@/lib/rollback/strategies/db-migration/statements";

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
  | { ok: true; version: string; result: string; statements: number; durationMs: number }
  | { ok: false; stage: MigrationStage; message: string; got?: string; durationMs: number };

/** The runbook's three pieces, checked by the parser: the SQL and the two read-only queries. */
export async function checkRunbook(rb: Pick<MigrationRunbook, "sql" | "precheckSql" | "verifySql">) {
  return {
    statements: await migrationStatements(rb.sql),
    precheck: await readOnlyQuery(rb.precheckSql, "the pre-check"),
    verify: await readOnlyQuery(rb.verifySql, "the verification query"),
  };
}

export async function runMigration(
  db: ServiceDb,
  rb: MigrationRunbook,
  opts: { signal?: AbortSignal; onStage?: (stage: MigrationStage, detail: string) => void | Promise<void> } = {},
): Promise<MigrationOutcome> {
  const t0 = Date.now();
  const fail = (stage: MigrationStage, message: string, got?: string): MigrationOutcome => ({
    ok: false,
    stage,
    message,
    got,
    durationMs: Date.now() - t0,
  });
  let checked: Awaited<ReturnType<typeof checkRunbook>>;
  try {
    checked = await checkRunbook(rb);
  } catch (e) {
    return fail("connect", `${(e as { userMessage?: string }).userMessage ?? String(e)}; nothing was changed`);
  }

  const client = db.client();
  // A cancel closes the connection: the server then rolls the open transaction back.
  const onAbort = () => void client.end().catch(() => {});
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  let stage: MigrationStage = "connect";
  try {
    await client.connect();
    await runStatement(client, "BEGIN");
    await runStatement(client, `SET LOCAL lock_timeout = ${Math.max(1, Math.round(rb.lockTimeoutMs))}`);
    await runStatement(client, `SET LOCAL statement_timeout = ${Math.max(1, Math.round(rb.statementTimeoutMs))}`);
    const xid = firstCell(await runStatement(client, "SELECT txid_current()"));

    stage = "pre-check";
    await opts.onStage?.(stage, checked.precheck);
    const version = firstCell(await runStatement(client, checked.precheck));
    if (version !== rb.expectedVersion) {
      await runStatement(client, "ROLLBACK");
      return fail(
        stage,
        `pre-check returned "${version}", expected schema version "${rb.expectedVersion}"; nothing was changed`,
        version,
      );
    }
    stage = "migrate";
    await opts.onStage?.(
      stage,
      `schema version ${version}: running the down-migration (${checked.statements.length} statement${checked.statements.length === 1 ? "" : "s"})`,
    );
    for (const s of checked.statements) await runStatement(client, s.text);

    stage = "verify";
    await opts.onStage?.(stage, checked.verify);
    const result = firstCell(await runStatement(client, checked.verify));
    if (result !== rb.expectedResult) {
      await runStatement(client, "ROLLBACK");
      return fail(
        stage,
        `verification returned "${result}", expected "${rb.expectedResult}"; rolled back, nothing was changed`,
        result,
      );
    }
    stage = "commit";
    if (firstCell(await runStatement(client, "SELECT txid_current()")) !== xid) {
      await runStatement(client, "ROLLBACK").catch(() => {});
      return fail(
        stage,
        "a statement ended the transaction this tool opened: what ran before it may be committed; check the database before retrying",
      );
    }
    await runStatement(client, "COMMIT");
    return { ok: true, version, result, statements: checked.statements.length, durationMs: Date.now() - t0 };
  } catch (e) {
    await runStatement(client, "ROLLBACK").catch(() => {});
    const why = opts.signal?.aborted ? "cancelled" : pgMessage(e);
    const tail = stage === "commit" ? "" : "; rolled back, nothing was changed";
    return fail(stage, `${stage} failed: ${why}${tail}`);
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    await client.end().catch(() => {});
  }
}
