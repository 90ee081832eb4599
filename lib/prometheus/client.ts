// Prometheus HTTP API client (instant and range queries). The base URL is passed in: callers read
// PROMETHEUS_URL from the validated env, so this module stays usable from tests, benches and scripts.
// Credentials in the URL (https://user:password@host) are sent as basic auth; every error names the
// URL without them (describe-prometheus-error.ts words every failure).
import { AppError } from "@/lib/errors";
import {
  describePrometheusError,
  describePrometheusHttpStatus,
  displayPrometheusUrl,
  PROMETHEUS_SETTING,
  type PrometheusErrorContext,
} from "@/lib/prometheus/describe-prometheus-error";
import { parseApiResponse, type InstantResult, type Series } from "@/lib/prometheus/parse";

export type { InstantResult, Sample, Series, Point } from "@/lib/prometheus/parse";

export type PrometheusClientOptions = {
  baseUrl: string;
  /** Per request, covering connect + PromQL evaluation. */
  timeoutMs?: number;
};

/** For error sentences: what the query is for, and where a bad one is fixed. */
export type QueryPurpose = Pick<PrometheusErrorContext, "what" | "queryFix">;
export type QueryOptions = { time?: Date | number; timeoutMs?: number } & QueryPurpose;
export type RangeOptions = {
  start: Date | number;
  end: Date | number;
  stepSec: number;
  timeoutMs?: number;
} & QueryPurpose;

export type PrometheusClient = {
  /** Without credentials: safe to show. */
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

/** The URL to call (no credentials: fetch refuses them) and the basic-auth header they become. */
function endpoint(raw: string): { url: string; authorization?: string } | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  u.username = "";
  u.password = "";
  const url = u.toString().replace(/\/+$/, "");
  if (!user && !password) return { url };
  return { url, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` };
}

export function createPrometheusClient(opts: PrometheusClientOptions): PrometheusClient {
  const target = endpoint(opts.baseUrl);
  const baseUrl = displayPrometheusUrl(opts.baseUrl);
  const defaultTimeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function call(
    path: string,
    params: Record<string, string>,
    timeoutMs: number,
    purpose: QueryPurpose,
  ): Promise<unknown> {
    const ctx: PrometheusErrorContext = { baseUrl: opts.baseUrl, timeoutMs, ...purpose };
    if (!target)
      throw new AppError(
        "invalid",
        `${PROMETHEUS_SETTING} is not a valid URL: set it to the Prometheus base URL (e.g. http://prometheus.monitoring:9090).`,
      );
    // Prometheus evaluates until its own timeout; ask it to stop a little before we give up.
    const body = new URLSearchParams({ ...params, timeout: `${Math.max(1, Math.floor(timeoutMs * 0.9))}ms` });
    let res: Response;
    try {
      // POST keeps long PromQL out of URL length limits; the API accepts form-encoded bodies.
      res = await fetch(`${target.url}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          ...(target.authorization ? { authorization: target.authorization } : {}),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const d = describePrometheusError(e, ctx);
      throw new AppError(d.code, d.message, { cause: e });
    }
    // An auth proxy's 401/403 may carry JSON of its own: it is not Prometheus' answer.
    if ([401, 403, 407].includes(res.status)) {
      await res.body?.cancel().catch(() => {});
      const d = describePrometheusHttpStatus(res.status, path, ctx);
      throw new AppError(d.code, d.message);
    }
    try {
      return await res.json();
    } catch (e) {
      // A proxy's HTML error page or a body cut off by the timeout: never repeated.
      const d = describePrometheusHttpStatus(res.status, path, ctx);
      throw new AppError(d.code, d.message, { cause: e });
    }
  }

  return {
    baseUrl,
    async query(promql, q = {}) {
      const params: Record<string, string> = { query: promql };
      if (q.time !== undefined) params.time = apiTime(q.time);
      const purpose = { what: q.what, queryFix: q.queryFix };
      const json = await call("/api/v1/query", params, q.timeoutMs ?? defaultTimeout, purpose);
      const data = parseApiResponse(json, { baseUrl: opts.baseUrl, ...purpose });
      if (data.kind === "matrix") throw new AppError("invalid", "Expected an instant result, got a range (matrix)");
      return data;
    },
    async queryRange(promql, r) {
      if (!(r.stepSec > 0)) throw new AppError("invalid", "Range query step must be positive");
      const params = { query: promql, start: apiTime(r.start), end: apiTime(r.end), step: String(r.stepSec) };
      const purpose = { what: r.what, queryFix: r.queryFix };
      const json = await call("/api/v1/query_range", params, r.timeoutMs ?? defaultTimeout, purpose);
      const data = parseApiResponse(json, { baseUrl: opts.baseUrl, ...purpose });
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
