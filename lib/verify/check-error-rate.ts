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
  if (!prometheusUrl)
    return { status: "unknown", reason: "PROMETHEUS_URL is not set, so the error rate cannot be read" };
  try {
    const cfg = triggerConfigSchema.parse(service.triggerConfig ?? {});
    const query = signalQuery(service, "errorRate", { rateWindowSec: cfg.rateWindowSec });
    const value = singleValue(await createPrometheusClient({ baseUrl: prometheusUrl, timeoutMs }).query(query));
    const threshold = cfg.errorRate.threshold;
    if (value === null)
      return {
        status: "unknown",
        reason: `no data for the error rate (no traffic, or the query matches nothing): ${query}`,
      };
    if (value > threshold)
      return { status: "failed", reason: `error rate ${pct(value)} is above the threshold ${pct(threshold)}` };
    return { status: "passed", reason: null, detail: `error rate ${pct(value)} ≤ ${pct(threshold)}` };
  } catch (e) {
    if (isAppError(e)) return { status: "unknown", reason: e.userMessage };
    if (e instanceof Error && e.name === "ZodError")
      return { status: "unknown", reason: "the service's trigger config is invalid" };
    throw e;
  }
}

/** How long the error rate may take to settle: twice the rate window, plus scrape slack. */
export function settleBudgetMs(triggerConfig: unknown): number {
  const parsed = triggerConfigSchema.safeParse(triggerConfig ?? {});
  const windowSec = parsed.success ? parsed.data.rateWindowSec : 60;
  return 2 * windowSec * 1000 + 15_000;
}
