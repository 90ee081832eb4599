/**
 * The one classifier of Prometheus failures, like describe-k8s-error.ts for Kubernetes: each
 * becomes a sentence that says what the dashboard tried (the base URL without credentials, and the
 * query's purpose when the caller names it) and where to fix it (PROMETHEUS_URL, the service's
 * query). Not configured, unreachable (refused, DNS, timeout), TLS refused, 401/403, a wrong path,
 * a bad query. Sentences never carry a password or a response body: of Prometheus' JSON error only
 * its `errorType` and a one-line summary of its `error` field.
 *
 * @see https://prometheus.io/docs/prometheus/latest/querying/api/#format-overview (errorType, error)
 */
import type { ErrorCode } from "@/lib/errors";
import { CERTIFICATE, UNREACHABLE, certificateProblem, networkCode } from "@/lib/net/network-error";

/** The setting that holds the base URL: the place to fix a wrong one. */
export const PROMETHEUS_SETTING = "PROMETHEUS_URL";
/** The Helm chart's value that sets it. */
const CHART_VALUE = "prometheus.url";

export interface PrometheusErrorContext {
  /** The base URL as configured (it may hold credentials: only its display form is ever written). */
  baseUrl: string;
  /** What the dashboard was doing, e.g. `query the error rate of "checkout"`. */
  what?: string;
  /** Where a bad query is fixed, e.g. `the promQueries.errorRate of service "checkout" in the catalog`. */
  queryFix?: string;
  /** The deadline that ran out, for timeouts. */
  timeoutMs?: number;
}

export interface PrometheusErrorDescription {
  code: ErrorCode;
  message: string;
  /** Prometheus' own errorType, for a JSON error answer (bad_data, execution, timeout, …). */
  errorType?: string;
}

// TLS failures that are not about the certificate: wrong protocol on the port, no shared cipher.
const TLS_HANDSHAKE: Record<string, string> = {
  ERR_SSL_WRONG_VERSION_NUMBER: "the server does not speak TLS there (an https:// URL for a plain-http port?)",
  ERR_SSL_PACKET_LENGTH_TOO_LONG: "the server does not speak TLS there (an https:// URL for a plain-http port?)",
  EPROTO: "TLS could not be negotiated",
};

// Errors the query author can fix are "invalid"; the server being overloaded or gone is "unavailable".
const UNAVAILABLE_ERROR_TYPES = new Set(["timeout", "canceled", "unavailable", "internal"]);
const MAX_SUMMARY = 240;

/** The URL as a person may read it: no user, no password, no query string or fragment. */
export function displayPrometheusUrl(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, "")}`;
  } catch {
    return "(an invalid URL)";
  }
}

const doing = (ctx: Pick<PrometheusErrorContext, "what">) => (ctx.what ? ` (the dashboard tried to ${ctx.what})` : "");
const checkUrl = `Check ${PROMETHEUS_SETTING} (the Helm chart's ${CHART_VALUE})`;

/** "Not configured": which setting is empty and what it is for. */
export function prometheusNotConfiguredMessage(what?: string): string {
  const purpose = what ? `, so the dashboard cannot ${what}` : "";
  return (
    `Prometheus is not configured: ${PROMETHEUS_SETTING} is not set${purpose}. Set it to the Prometheus ` +
    `base URL (e.g. http://prometheus.monitoring:9090; the Helm chart's ${CHART_VALUE}) and restart the dashboard.`
  );
}

/** A summary of Prometheus' `error` field: one line, bounded, without control characters. */
export function summarizePrometheusError(error: string): string {
  const line = (error.split("\n")[0] ?? "").replace(/[\u0000-\u001f\u007f]/g, " ").trim();
  return line.length > MAX_SUMMARY ? `${line.slice(0, MAX_SUMMARY - 1)}…` : line || "no detail given";
}

/** Prometheus' JSON error answer (`status: "error"`): the query, or Prometheus itself. */
export function describePrometheusApiError(
  errorType: string,
  error: string,
  ctx: PrometheusErrorContext,
): PrometheusErrorDescription {
  const type = errorType || "error";
  const summary = summarizePrometheusError(error);
  const code: ErrorCode = UNAVAILABLE_ERROR_TYPES.has(type) ? "unavailable" : "invalid";
  const fix =
    code === "invalid"
      ? ctx.queryFix
        ? ` Fix ${ctx.queryFix}.`
        : ""
      : ` Prometheus at ${displayPrometheusUrl(ctx.baseUrl)} could not run it now; it is not the query's fault.`;
  // The "Prometheus query failed (type):" opening is what the checks preview reads the type from.
  return { code, errorType: type, message: `Prometheus query failed (${type}): ${summary}${doing(ctx)}.${fix}` };
}

/** An HTTP answer that is not the API's JSON: credentials refused, a wrong path, a proxy's page. */
export function describePrometheusHttpStatus(
  status: number,
  path: string,
  ctx: PrometheusErrorContext,
): PrometheusErrorDescription {
  const url = displayPrometheusUrl(ctx.baseUrl);
  if (status === 401 || status === 403 || status === 407)
    return {
      code: "forbidden",
      message:
        `Prometheus at ${url} refused the dashboard (HTTP ${status} ${status === 403 ? "Forbidden" : "Unauthorized"})` +
        `${doing(ctx)}: put the credentials it needs in ${PROMETHEUS_SETTING} (https://user:password@host/, sent ` +
        `as basic auth and never shown), or let the dashboard through the proxy in front of Prometheus.`,
    };
  if (status === 404)
    return {
      code: "unavailable",
      message:
        `${url} has no Prometheus API at ${path} (HTTP 404)${doing(ctx)}. ${checkUrl}: a Prometheus behind a ` +
        "route prefix needs the prefix in the URL (e.g. https://host/prometheus).",
    };
  return {
    code: "unavailable",
    message: `Prometheus at ${url} answered HTTP ${status} without a JSON body${doing(ctx)}. ${checkUrl} points at Prometheus itself, not at a proxy's error page.`,
  };
}

/** A failure before any answer: no connection, no TLS, no answer in time. */
export function describePrometheusError(e: unknown, ctx: PrometheusErrorContext): PrometheusErrorDescription {
  const url = displayPrometheusUrl(ctx.baseUrl);
  if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError"))
    return {
      code: "unavailable",
      message:
        `Prometheus at ${url} did not answer within ${ctx.timeoutMs ?? "the allowed"} ms${doing(ctx)}. ` +
        `${checkUrl}, and whether Prometheus is overloaded (a slow query, too many series).`,
    };
  const cert = networkCode(e, CERTIFICATE);
  if (cert)
    return {
      code: "unavailable",
      message:
        `Prometheus at ${url} presented a certificate that ${certificateProblem(cert, "the dashboard")} ` +
        `(${cert})${doing(ctx)}: give the dashboard the CA (NODE_EXTRA_CA_CERTS) or fix the host in ${PROMETHEUS_SETTING}.`,
    };
  const tls = networkCode(e, TLS_HANDSHAKE);
  if (tls)
    return {
      code: "unavailable",
      message: `Prometheus at ${url}: ${TLS_HANDSHAKE[tls]} (${tls})${doing(ctx)}. ${checkUrl}: http:// or https://.`,
    };
  const net = networkCode(e, UNREACHABLE);
  const why = net ? `: ${UNREACHABLE[net]} (${net})` : "";
  return {
    code: "unavailable",
    message:
      `Prometheus unreachable at ${url}${why}${doing(ctx)}. ${checkUrl}, and that Prometheus is up and ` +
      "reachable from the dashboard.",
  };
}
