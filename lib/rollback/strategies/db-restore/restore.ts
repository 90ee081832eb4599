/**
 * Table restore from a pg_dump custom-format backup (`pg_dump -Fc`), with `pg_restore -t`.
 *
 * The safe way chosen: the table keeps its definition (indexes, constraints, grants, dependants)
 * and only its rows are replaced, atomically, in ONE transaction:
 *   psql -v ON_ERROR_STOP=1, fed:
 *     BEGIN
 *     TRUNCATE "schema"."table"       -- refused (→ rollback) if another table's foreign key points here
 *     pg_restore --data-only -n schema -t table -f -   (the backup's COPY, streamed)
 *     sequences owned by the table's columns moved up to max(column), never backwards
 *     a check that count(*) equals the rows in the backup, else RAISE → rollback
 *     COMMIT                          -- written only after pg_restore ended well and the check is sent
 * Any error stops psql, and input that ends early (the dashboard killed mid-stream) reaches no
 * COMMIT, so the server rolls the transaction back: the table is as before. Not psql's
 * --single-transaction, which COMMITs at end of input, however that input ended. Rather than
 * `--clean` (DROP + CREATE, which loses grants and breaks views and foreign keys), or a staging
 * schema swap (which needs every dependant re-pointed). Triggers stay enabled.
 * Backups are read only from directories the server allows (RCC_DB_BACKUP_DIRS, colon-separated).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import readline from "node:readline";
import { AppError } from "@/lib/errors";
import type { ServiceDb } from "@/lib/database-rollback/connection";
import { splitTable } from "@/lib/database-rollback/params";

export async function allowedBackup(file: string): Promise<string> {
  const roots = (process.env.RCC_DB_BACKUP_DIRS ?? "").split(path.delimiter).filter(Boolean);
  if (roots.length === 0)
    throw new AppError(
      "invalid",
      "table restores are off: the server has no RCC_DB_BACKUP_DIRS (directories holding service backups)",
    );
  if (!path.isAbsolute(file)) throw new AppError("invalid", `backup path "${file}" must be absolute`);
  let real: string;
  try {
    real = await realpath(file);
  } catch {
    throw new AppError("not_found", `backup file ${file} does not exist`);
  }
  for (const root of roots) {
    const r = await realpath(root).catch(() => undefined);
    if (r && (real === r || real.startsWith(r + path.sep))) return real;
  }
  throw new AppError("forbidden", `backup file ${file} is outside the allowed backup directories`);
}

// Only PATH: the tools need nothing else from the server's environment (least exposure).
const bareEnv = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, NODE_ENV: process.env.NODE_ENV });

function run(
  cmd: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env: env ?? bareEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr = (stderr + d).slice(-8000)));
    p.on("error", reject);
    p.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export interface ArchiveInfo {
  file: string;
  sizeBytes: number;
  createdAt: string | null;
  dumpedFrom: string | null;
  /** COPY rows for the table in the backup. */
  rows: number;
  /** The columns the backup's COPY fills, in order. */
  columns: string[];
}

const restoreArgs = (file: string, table: string) => {
  const t = splitTable(table);
  return ["--data-only", "-n", t.schema, "-t", t.table, "-f", "-", file];
};

export async function archiveInfo(file: string, table: string): Promise<ArchiveInfo> {
  const list = await run("pg_restore", ["-l", file]);
  if (list.code !== 0)
    throw new AppError(
      "invalid",
      `pg_restore cannot read ${path.basename(file)}: ${list.stderr.trim()} (a pg_dump -Fc backup is needed)`,
    );
  const t = splitTable(table);
  if (!new RegExp(`TABLE DATA ${t.schema} ${t.table} `).test(list.stdout))
    throw new AppError("not_found", `the backup has no data for table ${t.schema}.${t.table}`);
  const created = list.stdout.match(/Archive created at (.+)/)?.[1]?.trim() ?? null;
  const createdAt = created ? new Date(created.replace(" ", "T").replace(/ UTC$/, "Z")) : null;
  const dumpedFrom = list.stdout.match(/Dumped from database version: (.+)/)?.[1]?.trim() ?? null;
  // Count the COPY rows by streaming the data out (constant memory, whatever the table's size).
  const p = spawn("pg_restore", restoreArgs(file, table), { env: bareEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let rows = 0;
  let inCopy = false;
  let columns: string[] = [];
  for await (const line of readline.createInterface({ input: p.stdout })) {
    if (inCopy) {
      if (line === "\\.") inCopy = false;
      else rows++;
    } else if (/^COPY .* FROM stdin;$/.test(line)) {
      inCopy = true;
      columns = copyColumns(line);
    }
  }
  const code = await new Promise<number>((r) =>
    p.exitCode !== null ? r(p.exitCode) : p.on("close", (c) => r(c ?? -1)),
  );
  if (code !== 0) throw new AppError("failed", `pg_restore failed reading ${path.basename(file)} (exit ${code})`);
  return {
    file,
    sizeBytes: (await stat(file)).size,
    createdAt: createdAt && !isNaN(createdAt.getTime()) ? createdAt.toISOString() : null,
    dumpedFrom,
    rows,
    columns,
  };
}

/** `COPY public.orders (id, total, "Odd") FROM stdin;` → ["id", "total", "Odd"]. */
function copyColumns(line: string): string[] {
  const list = line.match(/\((.*)\) FROM stdin;$/)?.[1];
  if (!list) return [];
  return list.split(/,\s*/).map((c) => (c.startsWith('"') ? c.slice(1, -1).replace(/""/g, '"') : c));
}

/** The SQL around the backup's COPY; shown in the plan and fed to psql. */
export function restoreScript(
  table: string,
  expectedRows: number,
  lockTimeoutMs: number,
): { before: string; after: string } {
  const t = splitTable(table);
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const before = [
    "BEGIN;",
    `SET LOCAL lock_timeout = ${Math.round(lockTimeoutMs)};`,
    `TRUNCATE TABLE ${t.sql};`,
    "",
  ].join("\n");
  const after = [
    "",
    "-- sequences owned by the table's columns: up to max(column), never backwards",
    "DO $rcc$ DECLARE r record; m bigint; BEGIN",
    `  FOR r IN SELECT a.attname, pg_get_serial_sequence(${lit(t.sql)}, a.attname) AS seq FROM pg_attribute a`,
    `    WHERE a.attrelid = ${lit(t.sql)}::regclass AND a.attnum > 0 AND NOT a.attisdropped LOOP`,
    "    CONTINUE WHEN r.seq IS NULL;",
    `    EXECUTE format('SELECT max(%I)::bigint FROM ${t.sql.replace(/'/g, "''")}', r.attname) INTO m;`,
    "    CONTINUE WHEN m IS NULL;",
    "    EXECUTE format('SELECT setval(%L, GREATEST(%s, (SELECT last_value FROM %s)))', r.seq, m, r.seq);",
    "  END LOOP;",
    "END $rcc$;",
    `DO $rcc$ DECLARE n bigint; BEGIN SELECT count(*) INTO n FROM ${t.sql};`,
    `  IF n <> ${expectedRows} THEN RAISE EXCEPTION 'restored % rows into ${t.schema}.${t.table}, the backup has ${expectedRows}', n; END IF;`,
    "END $rcc$;",
    "COMMIT;",
    "",
  ].join("\n");
  return { before, after };
}

/** Children still running when this process exits are killed, so none goes on writing on its own. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => running.forEach((c) => c.kill("SIGKILL")));
  }
  running.add(child);
  child.once("close", () => running.delete(child));
}

/** Streams prelude + pg_restore's SQL + postlude into psql; only a complete, checked input COMMITs. */
export async function restoreTable(
  db: ServiceDb,
  file: string,
  table: string,
  expectedRows: number,
  opts: { lockTimeoutMs: number; signal?: AbortSignal },
): Promise<{ ok: boolean; message: string }> {
  const { before, after } = restoreScript(table, expectedRows, opts.lockTimeoutMs);
  const psql = spawn("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"], {
    env: db.libpqEnv(),
    stdio: ["pipe", "pipe", "pipe"],
  });
  const dump = spawn("pg_restore", restoreArgs(file, table), { env: bareEnv(), stdio: ["ignore", "pipe", "pipe"] });
  track(psql);
  track(dump);
  let err = "";
  psql.stderr.on("data", (d) => (err = (err + d).slice(-4000)));
  dump.stderr.on("data", (d) => (err = (err + d).slice(-4000)));
  psql.stdin.on("error", () => {}); // psql stops reading when it stops on an error
  const onAbort = () => (psql.kill("SIGTERM"), dump.kill("SIGTERM"));
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const done = new Promise<number>((r) => psql.on("close", (c) => r(c ?? -1)));
  const dumpDone = new Promise<number>((r) => dump.on("close", (c) => r(c ?? -1)));
  try {
    psql.stdin.write(before);
    dump.stdout.pipe(psql.stdin, { end: false });
    const dumpCode = await dumpDone;
    if (dumpCode !== 0) {
      psql.kill("SIGTERM"); // never commit a partial restore (no COMMIT was sent either)
      await done;
      return { ok: false, message: `pg_restore failed (exit ${dumpCode}): ${err.trim()}; nothing was changed` };
    }
    psql.stdin.end(after);
    const code = await done;
    if (opts.signal?.aborted) return { ok: false, message: "cancelled; nothing was changed" };
    if (code !== 0)
      return {
        ok: false,
        message: `${err.replace(/^psql:<stdin>:\d+: /gm, "").trim() || `psql exited ${code}`}; rolled back, nothing was changed`,
      };
    return { ok: true, message: `restored ${expectedRows} rows` };
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
  }
}
