import "server-only";
// SIGTERM drain of a replica (Kubernetes sends it before removing a pod): readiness fails at once
// (the Service stops routing here), the runner takes no new claims and hands off the ones it holds
// (another replica resumes them on its next loop pass), the other loops stop, the pool closes, and
// the process exits 0 — or 1 once RCC_SHUTDOWN_DEADLINE_MS ran out with work still stopping.
import { z } from "zod";
import { db } from "@/lib/db";
import { markDraining } from "@/lib/health/check-readiness";
import { stopRunner } from "@/lib/rollback/runner";

type Stopper = { name: string; stop: () => unknown };
const g = globalThis as unknown as {
  rccShutdown?: { stoppers: Stopper[]; draining?: Promise<void>; installed?: boolean };
};
const state = () => (g.rccShutdown ??= { stoppers: [] });

const deadlineSchema = z.coerce.number().int().min(1_000).max(600_000).default(20_000);
export function shutdownDeadlineMs(): number {
  const parsed = deadlineSchema.safeParse(process.env.RCC_SHUTDOWN_DEADLINE_MS || undefined);
  return parsed.success ? parsed.data : 20_000;
}

/** Registers a background loop's stop function, called on drain (after the runner handed off). */
export function onShutdown(name: string, stop: (() => unknown) | null | undefined) {
  if (stop) state().stoppers.push({ name, stop });
}

/** Drains once (later calls join the first): ready → 503, runner hands off, loops stop, pool closes. */
export function drain(opts: { runnerWaitMs?: number; log?: (msg: string) => void } = {}): Promise<void> {
  const s = state();
  const log = opts.log ?? ((m: string) => console.warn(m));
  return (s.draining ??= (async () => {
    markDraining();
    log("[shutdown] draining: readiness fails, the runner hands off its rollbacks");
    await stopRunner(opts.runnerWaitMs ?? Math.floor(shutdownDeadlineMs() / 2)).catch((e) =>
      log(`[shutdown] runner hand-off: ${e instanceof Error ? e.message : String(e)}`),
    );
    await Promise.allSettled(
      s.stoppers.map(async ({ name, stop }) => {
        try {
          await stop();
        } catch (e) {
          log(`[shutdown] stopping ${name}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }),
    );
    await db.$disconnect().catch(() => {});
    log("[shutdown] drained");
  })());
}

/**
 * Drains on SIGTERM/SIGINT and exits. Installed once per process (instrumentation.ts); Next's own
 * handler also closes the HTTP server under `next start`; the standalone entry (scripts/server-entry)
 * sets NEXT_MANUAL_SIG_HANDLE so this one decides when the process exits.
 */
export function installShutdownHandlers(exit: (code: number) => void = (c) => process.exit(c)) {
  const s = state();
  if (s.installed) return;
  s.installed = true;
  const onSignal = (signal: NodeJS.Signals) => {
    const deadline = shutdownDeadlineMs();
    const force = setTimeout(() => {
      console.error(`[shutdown] ${signal}: still draining after ${deadline} ms, exiting`);
      exit(1);
    }, deadline);
    void drain().then(() => {
      clearTimeout(force);
      exit(0);
    });
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}
