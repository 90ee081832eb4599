import "server-only";
/**
 * Keeps the catalog file (RCC_CATALOG) applied: on start, on change (fs.watch on the directory, since
 * a Kubernetes ConfigMap mount swaps a `..data` symlink rather than writing the file) and on a
 * periodic stat as the fallback, debounced. Every replica reads and validates the file (so each can
 * show its status); only the leader, elected through the same advisory-lock helper the trigger
 * watcher uses, applies it.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { operatorMessageOf } from "@/lib/errors";
import { createLeadership } from "@/lib/prometheus/leader";
import type { CatalogApplyResult } from "./apply-catalog";
import type { CatalogError } from "./parse-catalog";
import { syncCatalogFile } from "./sync-catalog-file";
import type { CatalogDb } from "./write-service";

/** Advisory lock keys ("RCC!", 2): the trigger watcher holds ("RCC!", 1). */
export const CATALOG_WATCHER_LOCK: readonly [number, number] = [0x52434321, 2];

/** What the catalog page shows (serialisable). */
export type CatalogFileStatus = {
  /** RCC_CATALOG, or null when no catalog file is configured. */
  path: string | null;
  /** Whether this replica watches it. */
  watching: boolean;
  /** The last check (start, change or poll) that read the file. */
  checkedAt: string | null;
  /** The last load's verdict; null before the first. */
  ok: boolean | null;
  /** Why the last load was refused (service, field, line); [] when ok. */
  errors: CatalogError[];
  /** The last valid version: the catalog in force. */
  lastGood: { at: string; services: string[] } | null;
  /** This replica applies the file (others only validate it). */
  leader: boolean;
  /** What the last apply by this replica changed. */
  lastApplied: ({ at: string } & CatalogApplyResult) | null;
};

export type CatalogWatcher = {
  /** Check now (also what the timers call); resolves when done. */
  checkNow(): Promise<CatalogFileStatus>;
  status(): CatalogFileStatus;
  stop(): Promise<void>;
};

export type CatalogWatcherOptions = {
  path: string;
  databaseUrl: string;
  db?: CatalogDb;
  /** Periodic stat (default 5 s); 0: no timer. */
  pollMs?: number;
  debounceMs?: number;
  instanceId?: string;
  log?: (msg: string) => void;
};

const g = globalThis as unknown as { rccCatalogWatcher?: CatalogWatcher };

export function startCatalogWatcher(opts: CatalogWatcherOptions): CatalogWatcher {
  const file = path.resolve(opts.path);
  const dir = path.dirname(file);
  const log = opts.log ?? ((m: string) => console.warn(m));
  const client = opts.db ?? db;
  const instanceId = opts.instanceId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(2).toString("hex")}`;
  const leadership = createLeadership({
    databaseUrl: opts.databaseUrl,
    instanceId,
    lockKey: CATALOG_WATCHER_LOCK,
    log: (m) => log(m.replace("[watcher", "[catalog")),
  });
  const status: CatalogFileStatus = {
    path: file,
    watching: true,
    checkedAt: null,
    ok: null,
    errors: [],
    lastGood: null,
    leader: false,
    lastApplied: null,
  };
  let stopped = false;
  let fingerprint = "";
  let checkedHash: string | null = null;
  let appliedHash: string | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let debounce: NodeJS.Timeout | undefined;
  let dirWatcher: fs.FSWatcher | null = null;

  function statFingerprint(): string {
    try {
      const real = fs.realpathSync(file);
      const st = fs.statSync(real);
      return `${real}:${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch (e) {
      return `missing:${(e as NodeJS.ErrnoException).code}`;
    }
  }

  async function checkOnce() {
    const leader = (await leadership.acquire()) !== null;
    status.leader = leader;
    const fp = statFingerprint();
    // Nothing changed and nothing left to apply: skip the read.
    if (fp === fingerprint && status.ok !== null && (!leader || !status.ok || appliedHash === checkedHash)) return;
    fingerprint = fp;
    let load;
    try {
      load = await syncCatalogFile(client, file, { apply: false });
      if (load.ok && leader && load.hash !== appliedHash) load = await syncCatalogFile(client, file, { apply: true });
    } catch (e) {
      log(`[catalog] ${file}: could not apply: ${operatorMessageOf(e)}`);
      fingerprint = ""; // retry on the next tick
      status.checkedAt = new Date().toISOString();
      status.ok = false;
      status.errors = [
        {
          field: "",
          line: 0,
          message: "the catalog could not be applied to the database (see the server log); retrying",
        },
      ];
      return;
    }
    const at = new Date().toISOString();
    status.checkedAt = at;
    status.ok = load.ok;
    checkedHash = load.hash;
    if (!load.ok) {
      if (JSON.stringify(status.errors) !== JSON.stringify(load.errors))
        log(
          `[catalog] ${file} refused, the last good catalog stays in force:\n` +
            load.errors
              .map(
                (e) =>
                  `  line ${e.line}${e.service ? ` ${e.service}` : ""}${e.field ? ` ${e.field}` : ""}: ${e.message}`,
              )
              .join("\n"),
        );
      status.errors = load.errors;
      return;
    }
    status.errors = [];
    status.lastGood = { at, services: load.services };
    if (load.applied) {
      appliedHash = load.hash;
      status.lastApplied = { at, ...load.applied };
      const a = load.applied;
      log(
        `[catalog] ${file} applied: ${a.created.length} created, ${a.updated.length} updated, ${a.unchanged.length} unchanged, ${a.removed.length} removed, ${a.detached.length} handed to the editor`,
      );
    }
  }

  function checkNow(): Promise<CatalogFileStatus> {
    if (stopped) return Promise.resolve(snapshot());
    if (running) {
      again = true;
      return running.then(() => snapshot());
    }
    running = (async () => {
      do {
        again = false;
        await checkOnce().catch((e) => log(`[catalog] check failed: ${operatorMessageOf(e)}`));
      } while (again && !stopped);
    })().finally(() => (running = null));
    return running.then(() => snapshot());
  }

  function schedule() {
    clearTimeout(debounce);
    debounce = setTimeout(() => void checkNow(), opts.debounceMs ?? 300);
  }

  function watchDir() {
    if (dirWatcher || stopped) return;
    try {
      // Any entry of the directory: a ConfigMap update renames `..data`, not the file itself.
      dirWatcher = fs.watch(dir, { persistent: false }, () => schedule());
      dirWatcher.on("error", () => {
        dirWatcher?.close();
        dirWatcher = null;
      });
    } catch {
      dirWatcher = null; // no directory yet: the poll keeps trying
    }
  }

  const snapshot = (): CatalogFileStatus => structuredClone(status);
  const pollMs = opts.pollMs ?? 5_000;
  const timer =
    pollMs > 0
      ? setInterval(() => {
          watchDir();
          void checkNow();
        }, pollMs)
      : undefined;
  timer?.unref();
  watchDir();
  void checkNow();

  const watcher: CatalogWatcher = {
    checkNow,
    status: snapshot,
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(debounce);
      dirWatcher?.close();
      await running?.catch(() => {});
      await leadership.release();
      if (g.rccCatalogWatcher === watcher) g.rccCatalogWatcher = undefined;
      status.watching = false;
    },
  };
  g.rccCatalogWatcher = watcher;
  return watcher;
}

/** The last load of the catalog file on this replica, for the UI. */
export function catalogFileStatus(): CatalogFileStatus {
  const w = g.rccCatalogWatcher;
  if (w) return w.status();
  return {
    path: process.env.RCC_CATALOG || null,
    watching: false,
    checkedAt: null,
    ok: null,
    errors: [],
    lastGood: null,
    leader: false,
    lastApplied: null,
  };
}

/** From lib/background/start.ts: watches RCC_CATALOG when it is set. */
export function startCatalogFileWatcher(log: (msg: string) => void = (m) => console.warn(m)): CatalogWatcher | null {
  if (g.rccCatalogWatcher) return g.rccCatalogWatcher; // dev reloads re-run instrumentation
  const e = env();
  if (!e.RCC_CATALOG) return null;
  if (!e.DATABASE_URL) {
    log("[catalog] not watching RCC_CATALOG: DATABASE_URL is not set");
    return null;
  }
  log(`[catalog] watching ${e.RCC_CATALOG}`);
  return startCatalogWatcher({ path: e.RCC_CATALOG, databaseUrl: e.DATABASE_URL, log });
}
