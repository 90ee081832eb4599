/**
 * One load of the catalog file (RCC_CATALOG): read it (following a ConfigMap's symlinks), parse it,
 * and, when asked (the leader), apply it as file-managed services in one transaction. An invalid
 * file applies nothing, so the last good catalog stays in force. The watcher calls this on start
 * and on every change.
 */
import crypto from "node:crypto";
import fs from "node:fs/promises";
import { SYSTEM_USER_ID } from "@/lib/auth/acting-user";
import { applyCatalog, type CatalogApplyResult } from "./apply-catalog";
import { parseCatalog, MAX_CATALOG_BYTES, type CatalogError } from "./parse-catalog";
import type { CatalogActor, CatalogDb } from "./write-service";

/** The catalog file acts as the system user. */
export const CATALOG_FILE_ACTOR: CatalogActor = { id: SYSTEM_USER_ID, name: "catalog file" };

export type CatalogFileLoad =
  | { ok: true; hash: string; services: string[]; applied: CatalogApplyResult | null }
  /** `line` is 0 when the error is about the file itself (missing, unreadable, too large). */
  | { ok: false; hash: string | null; errors: CatalogError[] };

export type CatalogFileText = { ok: true; text: string; hash: string } | { ok: false; error: CatalogError };

export async function readCatalogFile(file: string): Promise<CatalogFileText> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return { ok: false, error: { field: "", line: 0, message: "the catalog path is not a file" } };
    if (st.size > MAX_CATALOG_BYTES)
      return {
        ok: false,
        error: { field: "", line: 0, message: `the catalog file is larger than ${MAX_CATALOG_BYTES} bytes` },
      };
    const text = await fs.readFile(file, "utf8");
    return { ok: true, text, hash: crypto.createHash("sha256").update(text).digest("hex") };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message =
      code === "ENOENT"
        ? "the catalog file does not exist"
        : code === "EACCES"
          ? "the catalog file is not readable by the dashboard"
          : `the catalog file cannot be read (${code ?? "error"})`;
    return { ok: false, error: { field: "", line: 0, message } };
  }
}

/** Reads and parses the file; applies it when `apply` (only the leader does). */
export async function syncCatalogFile(
  db: CatalogDb,
  file: string,
  opts: { apply: boolean; actor?: CatalogActor },
): Promise<CatalogFileLoad> {
  const read = await readCatalogFile(file);
  if (!read.ok) return { ok: false, hash: null, errors: [read.error] };
  const parsed = parseCatalog(read.text);
  if (!parsed.ok) return { ok: false, hash: read.hash, errors: parsed.errors };
  const applied = opts.apply
    ? await applyCatalog(db, parsed.services, { mode: "file", actor: opts.actor ?? CATALOG_FILE_ACTOR })
    : null;
  return { ok: true, hash: read.hash, services: parsed.services.map((s) => s.name), applied };
}
