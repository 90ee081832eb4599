/**
 * What a runbook's SQL is, decided by PostgreSQL's own parser (libpg-query, the server's grammar
 * compiled to WebAssembly), never by a regex: `SELECT '--'; COMMIT; DROP TABLE orders;` is three
 * statements, the second of which ends the transaction, whatever quotes and comments surround it.
 *
 * The statements are then sent one at a time over the extended protocol (see run-statement.ts), where
 * the server itself refuses more than one command per message: a piece this module got wrong can fail,
 * but can never smuggle a second statement past these checks.
 */
import { parse } from "libpg-query";
import { AppError } from "@/lib/errors";

export interface SqlStatement {
  /** The statement's text, as written (without the separating semicolon). */
  text: string;
  /** The parser's node type, e.g. `AlterTableStmt`, `SelectStmt`, `TransactionStmt`. */
  kind: string;
  /** Its parse tree, for checks that look inside (e.g. a data-modifying CTE). */
  tree: unknown;
}

/** Splits SQL into statements with the server's grammar; a syntax error is refused with its position. */
export async function parseStatements(sql: string, what: string): Promise<SqlStatement[]> {
  let result: Awaited<ReturnType<typeof parse>>;
  try {
    result = await parse(sql);
  } catch (e) {
    const err = e as { message?: string; sqlDetails?: { cursorPosition?: number } };
    const at = err.sqlDetails?.cursorPosition;
    throw new AppError(
      "invalid",
      `${what}: ${err.message ?? "cannot be parsed"}${typeof at === "number" ? ` (at character ${at + 1})` : ""}`,
    );
  }
  // Locations are byte offsets into the UTF-8 text; stmt_len 0 means "to the end".
  const bytes = Buffer.from(sql, "utf8");
  return (result.stmts ?? []).map((s) => {
    const start = s.stmt_location ?? 0;
    const end = s.stmt_len ? start + s.stmt_len : bytes.length;
    const node = s.stmt as Record<string, unknown>;
    const kind = Object.keys(node)[0] ?? "unknown";
    return { text: bytes.subarray(start, end).toString("utf8").trim(), kind, tree: node[kind] };
  });
}

/** BEGIN, COMMIT, ROLLBACK, SAVEPOINT, PREPARE TRANSACTION...: all one node type in Postgres's grammar. */
const TRANSACTION_CONTROL = "TransactionStmt";

/** The runbook's SQL, refused whole if any statement would end, nest or split our transaction. */
export async function migrationStatements(sql: string): Promise<SqlStatement[]> {
  const stmts = await parseStatements(sql, "the down-migration SQL");
  if (stmts.length === 0) throw new AppError("invalid", "the down-migration SQL holds no statement");
  const ctl = stmts.find((s) => s.kind === TRANSACTION_CONTROL);
  if (ctl) {
    throw new AppError(
      "invalid",
      `the down-migration SQL contains ${firstWord(ctl.text)} (statement ${stmts.indexOf(ctl) + 1}): it runs inside one transaction that this tool commits only after verification, so it may not control transactions itself`,
    );
  }
  return stmts;
}

// Node types that write, wherever they appear in a query's tree (a CTE can hold a DELETE).
const WRITES = /"(InsertStmt|UpdateStmt|DeleteStmt|MergeStmt)"|"intoClause"|"lockingClause"/;

/**
 * A pre-check or verification query: exactly one SELECT (or VALUES) that reads and nothing else,
 * so it may run at plan time. It still runs in a READ ONLY transaction with a statement timeout:
 * the server enforces what this check promises.
 */
export async function readOnlyQuery(sql: string, what: string): Promise<string> {
  const stmts = await parseStatements(sql, what);
  if (stmts.length !== 1)
    throw new AppError("invalid", `${what} must be exactly one SELECT statement (it has ${stmts.length})`);
  const [s] = stmts;
  if (s.kind !== "SelectStmt" || WRITES.test(JSON.stringify(s.tree))) {
    throw new AppError(
      "invalid",
      `${what} must be a SELECT that only reads (it is ${firstWord(s.text)}${s.kind === "SelectStmt" ? " with a write, SELECT INTO or FOR UPDATE" : ""})`,
    );
  }
  return s.text;
}

function firstWord(text: string): string {
  return (
    text.replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, "").match(/^[A-Za-z]+(\s+(TRANSACTION|PREPARED))?/)?.[0] ??
    "a statement"
  ).toUpperCase();
}
