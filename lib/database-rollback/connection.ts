/**
 * Connections to a SERVICE's own PostgreSQL database, from server-side configuration only.
 *
 * Strategy params name an environment variable (Service.strategyConfig.database.urlEnv, carried by
 * the form), never a URL: the URL and its password stay in the server's environment and never reach
 * the browser, plans or the timeline (plans show host, port, database and user). Because the name
 * comes through a form, only variables under RCC_SERVICE_ are read (so a crafted form cannot make the
 * server use the dashboard's own secrets), and a URL that points at the dashboard's own database
 * (DATABASE_URL) is refused.
 */
import pg from "pg";
import { AppError, isAppError } from "@/lib/errors";

import { SERVICE_ENV_PREFIX, serviceEnvNamePattern } from "@/lib/services/env-name";
export { SERVICE_ENV_PREFIX, serviceEnvNamePattern };

/** The value of a service-owned setting in the server's environment. */
export function readServiceEnv(name: string, what: string): string {
  if (!serviceEnvNamePattern.test(name)) {
    throw new AppError(
      "invalid",
      `${what}: environment variable "${name}" is not a service setting (names must start with ${SERVICE_ENV_PREFIX})`,
    );
  }
  const v = process.env[name];
  if (!v) throw new AppError("invalid", `${what}: environment variable ${name} is not set on the server`);
  return v;
}

/** What may be shown about a database: never the password. */
export interface DbTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  /** `user@host:port/database` */
  label: string;
}

interface Parsed extends DbTarget {
  password?: string;
  sslmode?: string;
}

function parseUrl(url: string, envName: string): Parsed {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new AppError("invalid", `${envName} is not a postgres:// URL`);
  }
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:")
    throw new AppError("invalid", `${envName} is not a postgres:// URL`);
  const host = decodeURIComponent(u.hostname) || "localhost";
  const port = Number(u.port || 5432);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ""));
  const user = decodeURIComponent(u.username) || "postgres";
  if (!database) throw new AppError("invalid", `${envName} names no database`);
  return {
    host,
    port,
    database,
    user,
    label: `${user}@${host}:${port}/${database}`,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    sslmode: u.searchParams.get("sslmode") ?? undefined,
  };
}

const sameDb = (a: Parsed, b: Parsed) =>
  a.database === b.database &&
  a.port === b.port &&
  (a.host === b.host || [a.host, b.host].every((h) => ["localhost", "127.0.0.1", "::1", "[::1]"].includes(h)));

export interface ServiceDb {
  envName: string;
  target: DbTarget;
  /** A new pg client (caller connects and ends it). */
  client(opts?: { applicationName?: string }): pg.Client;
  /** libpq environment for psql / pg_restore: the password never appears on a command line. */
  libpqEnv(): NodeJS.ProcessEnv;
}

export function serviceDb(envName: string): ServiceDb {
  const p = parseUrl(readServiceEnv(envName, "database"), envName);
  const own = process.env.DATABASE_URL;
  if (own) {
    let dashboard: Parsed | undefined;
    try {
      dashboard = parseUrl(own, "DATABASE_URL");
    } catch {
      /* not comparable */
    }
    if (dashboard && sameDb(p, dashboard))
      throw new AppError(
        "forbidden",
        `${envName} points at the dashboard's own database (${p.label}); database rollbacks only touch a service's own database`,
      );
  }
  const target: DbTarget = { host: p.host, port: p.port, database: p.database, user: p.user, label: p.label };
  return {
    envName,
    target,
    client: (opts = {}) =>
      new pg.Client({
        host: p.host,
        port: p.port,
        database: p.database,
        user: p.user,
        password: p.password,
        ssl: p.sslmode && p.sslmode !== "disable" ? { rejectUnauthorized: p.sslmode === "verify-full" } : undefined,
        application_name: opts.applicationName ?? "rollback-command-center",
        connectionTimeoutMillis: 10_000,
      }),
    libpqEnv: (): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH,
      NODE_ENV: process.env.NODE_ENV,
      PGHOST: p.host,
      PGPORT: String(p.port),
      PGDATABASE: p.database,
      PGUSER: p.user,
      ...(p.password ? { PGPASSWORD: p.password } : {}),
      ...(p.sslmode ? { PGSSLMODE: p.sslmode } : {}),
      PGAPPNAME: "rollback-command-center",
      PGCONNECT_TIMEOUT: "10",
    }),
  };
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * A pg error as a person reads it, without connection details. Postgres's own words are kept for
 * what a statement did (they are about the commander's SQL); connecting, authenticating and
 * network failures get fixed sentences, since driver and socket messages may quote whatever the
 * connection was given.
 */
export function pgMessage(e: unknown): string {
  if (isAppError(e)) return e.userMessage;
  const err = (e ?? {}) as { message?: unknown; code?: unknown };
  const code = typeof err.code === "string" ? err.code : undefined;
  if (code && SQLSTATE.test(code)) {
    if (code.startsWith("28")) return `the database refused the credentials (SQLSTATE ${code})`;
    if (code.startsWith("08")) return `the database connection failed (SQLSTATE ${code})`;
    if (code === "3D000") return "the database does not exist (SQLSTATE 3D000)";
    return `${typeof err.message === "string" ? err.message : "the statement failed"} (SQLSTATE ${code})`;
  }
  switch (code) {
    case "ECONNREFUSED":
      return "the database refused the connection";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "the database host could not be resolved";
    case "ETIMEDOUT":
      return "the database did not answer in time";
  }
  if (typeof err.message === "string" && /timeout|timed out/i.test(err.message))
    return "the database did not answer in time";
  return "the database connection failed";
}
