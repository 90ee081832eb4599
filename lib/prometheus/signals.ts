// The four signals per service and the PromQL behind them. Only server code builds PromQL: the
// browser asks for a signal by name, and a service may override a signal's query (promQueries JSON).
import { z } from "zod";
import { AppError } from "@/lib/errors";

export const SIGNAL_NAMES = ["errorRate", "p95Latency", "healthSuccess", "business"] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];
export const signalNameSchema = z.enum(SIGNAL_NAMES);

/** For charts and timeline messages: how to read a value. */
export const SIGNALS: Record<SignalName, { label: string; unit: "ratio" | "seconds" | "per_second" }> = {
  errorRate: { label: "Error rate (5xx / all)", unit: "ratio" },
  p95Latency: { label: "p95 latency", unit: "seconds" },
  healthSuccess: { label: "Health checks passing", unit: "ratio" },
  business: { label: "Orders created", unit: "per_second" },
};

/**
 * Defaults on the common metric names. `$service` is the service name (escaped as a PromQL string),
 * `$window` the rate window (e.g. `1m`). Overrides may use the same two placeholders.
 * - errorRate: `or vector(0)` because a service without any 5xx series has no errors, not no data;
 *   with no requests at all the division is empty or NaN, which reads as "no data".
 * - healthSuccess: the share of health checks passing; falls back to the scrape's `up` when the
 *   service exports no health gauge (job named after the service).
 */
export const DEFAULT_QUERIES: Record<SignalName, string> = {
  errorRate:
    '(sum(rate(http_requests_total{service="$service",status=~"5.."}[$window])) or vector(0))' +
    ' / sum(rate(http_requests_total{service="$service"}[$window]))',
  p95Latency:
    'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service="$service"}[$window])))',
  healthSuccess: 'avg(health_check_success{service="$service"}) or avg(up{job="$service"})',
  business: 'sum(rate(orders_created_total{service="$service"}[$window]))',
};

/**
 * The defaults for all services in one query each (grouped by the service label), so the watcher
 * asks Prometheus 4–6 questions per evaluation instead of 6 per service. Same semantics as above:
 * `or 0 * total` stands in for `or vector(0)` per service.
 */
export const BATCH_QUERIES: Record<SignalName, string> = {
  errorRate:
    '(sum by (service) (rate(http_requests_total{status=~"5.."}[$window])) or 0 * sum by (service) (rate(http_requests_total[$window])))' +
    " / sum by (service) (rate(http_requests_total[$window]))",
  p95Latency: "histogram_quantile(0.95, sum by (service, le) (rate(http_request_duration_seconds_bucket[$window])))",
  healthSuccess:
    'avg by (service) (health_check_success) or avg by (service) (label_replace(up, "service", "$1", "job", "(.*)"))',
  business: "sum by (service) (rate(orders_created_total[$window]))",
};

const promqlSchema = z
  .string()
  .trim()
  .min(1, "PromQL must not be empty")
  .max(4000, "PromQL is too long (4000 characters at most)");

/** The Service.promQueries JSON. Unknown keys are refused so a typo does not silently fall back. */
export const promQueriesSchema = z
  .object({
    errorRate: promqlSchema.optional(),
    p95Latency: promqlSchema.optional(),
    healthSuccess: promqlSchema.optional(),
    business: promqlSchema.optional(),
  })
  .strict();
export type PromQueries = z.infer<typeof promQueriesSchema>;

export function parsePromQueries(json: unknown): PromQueries {
  const r = promQueriesSchema.safeParse(json ?? {});
  if (!r.success) {
    const why = r.error.issues.map((i) => `${i.path.join(".") || "promQueries"}: ${i.message}`).join("; ");
    throw new AppError("invalid", `Invalid PromQL overrides: ${why}`);
  }
  return r.data;
}

/** A PromQL double-quoted string body. */
export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** Seconds as a PromQL duration; whole minutes/hours read better in the timeline. */
export function promDuration(sec: number): string {
  if (!(sec > 0) || !Number.isFinite(sec)) throw new AppError("invalid", `Invalid duration: ${sec}s`);
  const ms = Math.round(sec * 1000);
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

export type SignalService = { name: string; promQueries?: unknown };

export function renderQuery(template: string, serviceName: string, windowSec: number): string {
  const service = escapeLabelValue(serviceName);
  const window = promDuration(windowSec);
  // One pass, so a service name containing "$window" is not substituted again.
  return template.replace(/\$(service|window)\b/g, (_, name: string) => (name === "service" ? service : window));
}

/** The all-services form of a default signal query (values keyed by the `service` label). */
export function batchSignalQuery(signal: SignalName, opts: { rateWindowSec: number }): string {
  return renderQuery(BATCH_QUERIES[signal], "", opts.rateWindowSec);
}

/** Where a bad query of this signal is fixed: the service's override in the catalog, if it has one. */
export function queryFixOf(service: SignalService, signal: SignalName): string | undefined {
  let own = false;
  try {
    own = parsePromQueries(service.promQueries)[signal] !== undefined;
  } catch {
    own = true; // an invalid override is the catalog's to fix as well
  }
  return own ? `promQueries.${signal} of service "${service.name}" in the catalog (Catalog → the service)` : undefined;
}

/** The PromQL of one signal for one service, the override when the service has one. */
export function signalQuery(service: SignalService, signal: SignalName, opts: { rateWindowSec: number }): string {
  const overrides = parsePromQueries(service.promQueries);
  return renderQuery(overrides[signal] ?? DEFAULT_QUERIES[signal], service.name, opts.rateWindowSec);
}

/**
 * The baseline of a signal: its average over `windowSec`, ending `offsetSec` before the evaluation
 * time (a subquery, so it works the same for default and overridden queries). Evaluated at the
 * breach start it is "the signal over the same window length before the breach".
 */
export function baselineQuery(query: string, opts: { windowSec: number; offsetSec: number; stepSec: number }): string {
  const offset = opts.offsetSec > 0 ? ` offset ${promDuration(opts.offsetSec)}` : "";
  return `avg_over_time((${query})[${promDuration(opts.windowSec)}:${promDuration(opts.stepSec)}]${offset})`;
}
