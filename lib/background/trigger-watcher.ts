import "server-only";
// Starts the trigger watcher in the server process (called once from instrumentation.ts). Every
// replica starts one; the Postgres advisory lock makes exactly one of them evaluate.
import os from "node:os";
import crypto from "node:crypto";
import { z } from "zod";
import { env } from "@/lib/env";
import { startWatcher, type Watcher } from "@/lib/prometheus/watcher";
import { createTriggerSink } from "@/lib/triggers/sink";

/** Evaluation interval; the 15 s by default, shorter in e2e runs. */
const intervalSchema = z.coerce.number().int().min(1_000).max(600_000).default(15_000);

export type TriggerWatcherHandle = { instanceId: string; stop(): Promise<void> };

const g = globalThis as unknown as { rccTriggerWatcher?: { watcher: Watcher; handle: TriggerWatcherHandle } };

export function startTriggerWatcher(log: (msg: string) => void = (m) => console.warn(m)): TriggerWatcherHandle | null {
  // Dev reloads re-run instrumentation: keep the one running watcher.
  if (g.rccTriggerWatcher) return g.rccTriggerWatcher.handle;
  const e = env();
  if (e.RCC_BACKGROUND !== "on") {
    log("[triggers] watcher not started: RCC_BACKGROUND is off");
    return null;
  }
  if (!e.PROMETHEUS_URL) {
    log(
      "[triggers] watcher not started: PROMETHEUS_URL is not set (no automatic triggers; charts say Prometheus is not configured)",
    );
    return null;
  }
  if (!e.DATABASE_URL) {
    log("[triggers] watcher not started: DATABASE_URL is not set");
    return null;
  }
  const interval = intervalSchema.safeParse(process.env.RCC_TRIGGER_INTERVAL_MS || undefined);
  const intervalMs = interval.success ? interval.data : 15_000;
  if (!interval.success)
    log(
      `[triggers] ignoring RCC_TRIGGER_INTERVAL_MS=${process.env.RCC_TRIGGER_INTERVAL_MS}: ${interval.error.issues[0]?.message}`,
    );
  const instanceId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(2).toString("hex")}`;
  const watcher = startWatcher({
    prometheusUrl: e.PROMETHEUS_URL,
    databaseUrl: e.DATABASE_URL,
    sink: createTriggerSink({ log }),
    instanceId,
    intervalMs,
    log,
  });
  log(`[triggers] watcher ${instanceId} started: ${e.PROMETHEUS_URL} every ${intervalMs / 1000} s`);
  const handle: TriggerWatcherHandle = {
    instanceId,
    async stop() {
      if (g.rccTriggerWatcher?.watcher === watcher) g.rccTriggerWatcher = undefined;
      await watcher.stop();
    },
  };
  g.rccTriggerWatcher = { watcher, handle };
  return handle;
}
