// Turns DATABASE_URL into discrete pg settings. Prisma's pg adapter needs discrete fields
// (a connection string makes its shadow-database pool point at the main database).
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";

export type PgSettings = {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
};

export function parseDatabaseUrl(url: string): PgSettings {
  const u = new URL(url);
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:") {
    throw new Error(`DATABASE_URL must be a postgres:// URL, got ${u.protocol}`);
  }
  const host = u.searchParams.get("host") ?? decodeURIComponent(u.hostname || "127.0.0.1");
  return {
    host,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || "postgres"),
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, "") || "postgres"),
  };
}

export type PoolTimeouts = { connectMs: number; statementMs: number; idleInTransactionMs: number };

/**
 * The main pool's settings: bounded connect (and wait for a free connection), a server-side
 * statement and idle-in-transaction timeout, and a client-side read timeout for a server that
 * accepted the connection and then went silent (a blackhole answers nothing, so the server's own
 * timeouts never fire). lib/db.ts builds the app's client with it; tests build one with it too.
 */
export function mainPoolConfig(url: string, t: PoolTimeouts, max = 10) {
  return {
    ...parseDatabaseUrl(url),
    max,
    connectionTimeoutMillis: t.connectMs,
    statement_timeout: t.statementMs,
    idle_in_transaction_session_timeout: t.idleInTransactionMs,
    query_timeout: t.statementMs + 5_000,
    keepAlive: true,
  };
}

// The schema engine reads catalog columns of type `name` (OID 19) and `"char"` (OID 18), which the
// adapter rejects (prisma/orm#27403). For the CLI's connection only, read them as text (OID 25).
let catalogTypesPatched = false;
function readCatalogTypesAsText() {
  if (catalogTypesPatched) return;
  catalogTypesPatched = true;
  const Result = (pg as unknown as { Result: { prototype: { addFields(f: { dataTypeID: number }[]): void } } }).Result;
  const addFields = Result.prototype.addFields;
  Result.prototype.addFields = function (fields) {
    for (const f of fields) if (f.dataTypeID === 19 || f.dataTypeID === 18) f.dataTypeID = 25;
    return addFields.call(this, fields);
  };
}

type ScriptRunner = { executeScript(script: string): Promise<void>; underlyingDriver(): pg.Pool };

// The adapter splits a migration script on every ";", which breaks plpgsql function bodies.
// Postgres runs a multi-statement script itself (atomically) when sent as one simple query.
function runScriptsWhole<T extends ScriptRunner>(adapter: T): T {
  adapter.executeScript = async (script: string) => {
    await adapter.underlyingDriver().query(script);
  };
  return adapter;
}

/** The adapter the Prisma CLI (migrate) uses: discrete settings, exits when idle. */
export function migrationAdapterFactory(url = process.env.DATABASE_URL) {
  if (!url) throw new Error("DATABASE_URL is not set");
  readCatalogTypesAsText();
  const factory = new PrismaPg({ ...parseDatabaseUrl(url), allowExitOnIdle: true, idleTimeoutMillis: 200, max: 4 });
  const connect = factory.connect.bind(factory);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connect = async () => runScriptsWhole(await connect());
  factory.connectToShadowDb = async () => runScriptsWhole(await connectToShadowDb());
  return factory;
}
