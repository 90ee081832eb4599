// Right after a rollback the world lags behind the cluster: a rate window still holds the bad
// minutes, a service still answers with the old version until its pods are replaced behind the
// load balancer. A check that fails then is retried until it passes or its settle budget is spent.
import type { Outcome } from "@/lib/verify/check-pods";

const POLL_MS = 2_000;

/** Seconds the HTTP checks (version, health, smoke) may take to reflect a rollback. */
export const HTTP_SETTLE_MS = 30_000;

export async function settled(run: () => Promise<Outcome>, budgetMs: number, signal: AbortSignal): Promise<Outcome> {
  const started = Date.now();
  for (;;) {
    const outcome = await run();
    const waited = Math.round((Date.now() - started) / 1000);
    if (outcome.status === "passed") {
      return waited > 0 ? { ...outcome, detail: `${outcome.detail ?? "passed"} (settled after ${waited} s)` } : outcome;
    }
    // Only a failing reading can improve by waiting; "unknown" (no data) is reported at once.
    if (outcome.status !== "failed" || Date.now() - started + POLL_MS > budgetMs || signal.aborted) {
      return waited > 0 && outcome.reason
        ? { ...outcome, reason: `${outcome.reason} (still, after ${waited} s)` }
        : outcome;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
