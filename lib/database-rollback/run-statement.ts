/**
 * One statement per protocol message. The extended query protocol (Parse/Bind/Execute) carries a
 * single command, and the server refuses a message holding two ("cannot insert multiple commands
 * into a prepared statement"), so text sent this way can never run a statement nobody checked.
 */
import type pg from "pg";
import type { ServiceDb } from "./connection";

// node-postgres supports `queryMode` since 8.12; @types/pg does not declare it yet.
type ExtendedQueryConfig = pg.QueryConfig & { queryMode: "extended" };

export function runStatement(client: pg.Client, text: string): Promise<pg.QueryResult> {
  const config: ExtendedQueryConfig = { text, queryMode: "extended" };
  return client.query(config);
}

/** The first cell of a result, as text (`null` for SQL NULL, JSON for objects). */
export function firstCell(res: pg.QueryResult): string {
  const row = res.rows?.[0];
  if (!res.fields?.length || !row) return "(no rows)";
  const v = row[res.fields[0].name];
  if (v === null || v === undefined) return "null";
  if (v instanceof Date) return v.toISOString();
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/**
 * Runs queries in one READ ONLY transaction with a statement timeout and returns each first cell.
 * The only way anything the dashboard runs at plan time reaches a service's database.
 */
export async function readOnlyCells(
  db: ServiceDb,
  queries: string[],
  opts: { statementTimeoutMs?: number } = {},
): Promise<string[]> {
  const client = db.client();
  try {
    await client.connect();
    await runStatement(client, "BEGIN READ ONLY");
    await runStatement(
      client,
      `SET LOCAL statement_timeout = ${Math.max(1, Math.round(opts.statementTimeoutMs ?? 10_000))}`,
    );
    const cells: string[] = [];
    for (const q of queries) cells.push(firstCell(await runStatement(client, q)));
    return cells;
  } finally {
    await runStatement(client, "ROLLBACK").catch(() => {});
    await client.end().catch(() => {});
  }
}
