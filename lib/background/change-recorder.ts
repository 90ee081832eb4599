import "server-only";
// Starts the change recorder in the server process (lib/background/start.ts). Every replica starts
// one; its advisory lock makes exactly one of them watch. Off without a cluster to watch.
import os from "node:os";
import crypto from "node:crypto";
import { z } from "zod";
import { env } from "@/lib/env";
import { describeSource, kubeconfigSource } from "@/lib/k8s/kubeconfig-source";
import { startChangeRecorder, type ChangeRecorder } from "@/lib/changes/recorder";

/** How often the services are re-read (a new service is watched within this). */
const refreshSchema = z.coerce.number().int().min(1_000).max(600_000).default(15_000);

const g = globalThis as unknown as { rccChangeRecorder?: ChangeRecorder };

export function startChangeRecorderInBackground(log: (msg: string) => void = (m) => console.warn(m)) {
  // Dev reloads re-run instrumentation: keep the one running recorder.
  if (g.rccChangeRecorder) return g.rccChangeRecorder;
  const e = env();
  if (e.RCC_BACKGROUND !== "on") return null;
  if (!e.DATABASE_URL) {
    log("[changes] recorder not started: DATABASE_URL is not set");
    return null;
  }
  const source = kubeconfigSource(e.KUBECONFIG || undefined);
  if (source.kind === "none") {
    log(
      `[changes] recorder not started: no cluster is configured (no KUBECONFIG, no ${source.home}, not in a cluster)`,
    );
    return null;
  }
  const parsed = refreshSchema.safeParse(process.env.RCC_CHANGE_REFRESH_MS || undefined);
  const instanceId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(2).toString("hex")}`;
  const recorder = startChangeRecorder({
    databaseUrl: e.DATABASE_URL,
    instanceId,
    refreshMs: parsed.success ? parsed.data : 15_000,
    log,
  });
  log(`[changes] recorder ${instanceId} started on ${describeSource(source)}`);
  const handle: ChangeRecorder = {
    ...recorder,
    async stop() {
      if (g.rccChangeRecorder === handle) g.rccChangeRecorder = undefined;
      await recorder.stop();
    },
  };
  g.rccChangeRecorder = handle;
  return handle;
}
