// Check 4: the error rate is back under the service's trigger threshold. No Prometheus, an error or
// no data is "unknown" with that reason: a silent dashboard is not a healthy service.
import { isAppError } from "@/lib/errors";
import { createPrometheusClient, singleValue } from "@/lib/prometheus/client";
import { triggerConfigSchema } from "@/lib/prometheus/rules";
import { signalQuery } from "@/lib/prometheus/signals";
import type { Outcome } from "@/lib/verify/check-pods";

const pct = (v: number) => `${(v * 100).toFixed(2)} %`;

export async function checkErrorRate(
  prometheusUrl: string | undefined,
  service: { name: string; promQueries: unknown; triggerConfig: unknown },
  timeoutMs: number,
): Promise<Outcome> {
  if (!prometheusUrl) return { status: "unknown", reason: "PROMETHEUS_URL is not set, so the error rate cannot be read" };
  try {
    const cfg = triggerConfigSchema.parse(service.triggerConfig ?? {});
    const query = signalQuery(service, "errorRate", { rateWindowSec: cfg.rateWindowSec });
    const value = singleValue(await createPrometheusClient({ baseUrl: prometheusUrl, timeoutMs }).query(query));
    const threshold = cfg.errorRate.threshold;
    if (value === null) return { status: "unknown", reason: `no data for the error rate (no traffic, or the query matches nothing): ${query}` };
    if (value > threshold) return { status: "failed", reason: `error rate ${pct(value)} is above the threshold ${pct(threshold)}` };
    return { status: "passed", reason: null, detail: `error rate ${pct(value)} ≤ ${pct(threshold)}` };
  } catch (e) {
    if (isAppError(e)) return { status: "unknown", reason: e.userMessage };
    if (e instanceof Error && e.name === "ZodError") return { status: "unknown", reason: "the service's trigger config is invalid" };
    throw e;
  }
}

const POLL_MS = 2_000;

/**
 * After a change, the rate window still holds the bad minutes for a while: poll until the error
 * rate is under its threshold, or until the window has been replaced twice over (then fail with
 * the last reading). Passing early is safe: the value only gets better as bad samples age out.
 * Unknown (no Prometheus, no data) is not waited on: it is never green anyway.
 */
export async function checkErrorRateSettled(
  prometheusUrl: string | undefined,
  service: { name: string; promQueries: unknown; triggerConfig: unknown },
  timeoutMs: number,
  budgetMs: number,
  signal: AbortSignal,
): Promise<Outcome> {
  const started = Date.now();
  for (;;) {
    const outcome = await checkErrorRate(prometheusUrl, service, timeoutMs);
    const waited = Math.round((Date.now() - started) / 1000);
    if (outcome.status === "passed") return waited > 0 ? { ...outcome, detail: `${outcome.detail} (settled after ${waited} s)` } : outcome;
    // Only a reading above the threshold can improve by waiting; "unknown" is reported at once.
    if (outcome.status !== "failed" || Date.now() - started + POLL_MS > budgetMs || signal.aborted) {
      return outcome.reason ? { ...outcome, reason: `${outcome.reason} (still, ${waited} s after the rollback)` } : outcome;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** How long the error rate may take to settle: twice the rate window, plus scrape slack. */
export function settleBudgetMs(triggerConfig: unknown): number {
  const parsed = triggerConfigSchema.safeParse(triggerConfig ?? {});
  const windowSec = parsed.success ? parsed.data.rateWindowSec : 60;
  return 2 * windowSec * 1000 + 15_000;
}
