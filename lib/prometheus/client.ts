// Prometheus HTTP API client (instant and range queries). The base URL is passed in: callers read
// PROMETHEUS_URL from the validated env, so this module stays usable from tests, benches and scripts.
import { AppError } from "@/lib/errors";
import { parseApiResponse, type InstantResult, type Series } from "@/lib/prometheus/parse";

export type { InstantResult, Sample, Series, Point } from "@/lib/prometheus/parse";

export type PrometheusClientOptions = {
  baseUrl: string;
  /** Per request, covering connect + PromQL evaluation. */
  timeoutMs?: number;
};

export type QueryOptions = { time?: Date | number; timeoutMs?: number };
export type RangeOptions = { start: Date | number; end: Date | number; stepSec: number; timeoutMs?: number };

export type PrometheusClient = {
  readonly baseUrl: string;
  query(promql: string, opts?: QueryOptions): Promise<InstantResult>;
  queryRange(promql: string, opts: RangeOptions): Promise<Series[]>;
};

const DEFAULT_TIMEOUT_MS = 5_000;

/** Seconds since the epoch with millisecond precision, the API's time format. */
function apiTime(t: Date | number): string {
  const ms = typeof t === "number" ? t : t.getTime();
  return (ms / 1000).toFixed(3);
}

export function createPrometheusClient(opts: PrometheusClientOptions): PrometheusClient {
  const baseUrl = opts.baseUrl.replace(/\/+$/, "");
  const defaultTimeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function call(path: string, params: Record<string, string>, timeoutMs: number): Promise<unknown> {
    // Prometheus evaluates until its own timeout; ask it to stop a little before we give up.
    const body = new URLSearchParams({ ...params, timeout: `${Math.max(1, Math.floor(timeoutMs * 0.9))}ms` });
    let res: Response;
    try {
      // POST keeps long PromQL out of URL length limits; the API accepts form-encoded bodies.
      res = await fetch(`${baseUrl}${path}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
      throw new AppError(
        "unavailable",
        timedOut
          ? `Prometheus at ${baseUrl} did not answer within ${timeoutMs} ms`
          : `Prometheus unreachable at ${baseUrl}`,
        { cause: e },
      );
    }
    let json: unknown;
    try {
      json = await res.json();
    } catch (e) {
      // A proxy's HTML error page or a body cut off by the timeout.
      throw new AppError("unavailable", `Prometheus at ${baseUrl} answered HTTP ${res.status} without a JSON body`, {
        cause: e,
      });
    }
    return json;
  }

  return {
    baseUrl,
    async query(promql, q = {}) {
      const params: Record<string, string> = { query: promql };
      if (q.time !== undefined) params.time = apiTime(q.time);
      const json = await call("/api/v1/query", params, q.timeoutMs ?? defaultTimeout);
      const data = parseApiResponse(json, baseUrl);
      if (data.kind === "matrix") throw new AppError("invalid", "Expected an instant result, got a range (matrix)");
      return data;
    },
    async queryRange(promql, r) {
      if (!(r.stepSec > 0)) throw new AppError("invalid", "Range query step must be positive");
      const params = { query: promql, start: apiTime(r.start), end: apiTime(r.end), step: String(r.stepSec) };
      const json = await call("/api/v1/query_range", params, r.timeoutMs ?? defaultTimeout);
      const data = parseApiResponse(json, baseUrl);
      if (data.kind !== "matrix")
        throw new AppError("invalid", `Expected a matrix from a range query, got ${data.kind}`);
      return data.series;
    },
  };
}

/**
 * The one number of a result that should hold one (a signal per service), or null for "no data":
 * an empty vector, NaN (e.g. 0/0 when there is no traffic) or an infinity. Null is never "healthy".
 */
export function singleValue(result: InstantResult): number | null {
  let v: number | undefined;
  if (result.kind === "scalar") v = result.value;
  else if (result.kind === "vector") {
    if (result.samples.length > 1) {
      throw new AppError(
        "invalid",
        `Query returned ${result.samples.length} series; aggregate it to one (e.g. sum(...))`,
      );
    }
    v = result.samples[0]?.value;
  }
  return v !== undefined && Number.isFinite(v) ? v : null;
}
