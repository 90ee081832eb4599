/**
 * The outward steps of a DR escalation: the DNS-switch webhook, a PagerDuty Events API v2 page, and
 * the status notice (handed to the comms module through a hook; recorded when none is set).
 * URLs and keys come from the server's environment; only origins are ever shown.
 */
import { AppError, isAppError } from "@/lib/errors";
import { egressFetch } from "@/lib/http/egress-fetch";

export const PAGERDUTY_DEFAULT_URL = "https://events.pagerduty.com";

/** `https://dns.example.com` of a URL: what may be shown (paths and queries may carry tokens). */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(invalid URL)";
  }
}

function protocolOf(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return "";
  }
}

async function post(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  opts: { fetch?: typeof fetch; signal?: AbortSignal; timeoutMs?: number; what: string },
) {
  // Fixed sentences only: fetch's own messages quote the URL (credentials included), and the value
  // may be whatever the named variable holds. The cause stays on the error, never in its text.
  if (!/^https?:$/.test(protocolOf(url))) throw new AppError("invalid", `${opts.what} is not set to an http(s) URL.`);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([timeout, ...(opts.signal ? [opts.signal] : [])]);
  let res: Response;
  try {
    res = await (opts.fetch ?? egressFetch)(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
      signal,
      maxBytes: 64 * 1024,
    } as RequestInit);
  } catch (e) {
    // The egress policy's refusal names only the host: pass it on as it is.
    if (isAppError(e) && e.code === "forbidden") throw e;
    const why = opts.signal?.aborted
      ? "was cancelled"
      : timeout.aborted
        ? `did not answer within ${Math.round(timeoutMs / 1000)} s`
        : "could not be reached";
    throw new AppError("unavailable", `${opts.what} at ${originOf(url)} ${why}.`, { cause: e });
  }
  const text = await res.text();
  if (!res.ok)
    throw new AppError(
      res.status >= 500 || res.status === 429 ? "unavailable" : "failed",
      `${opts.what} at ${originOf(url)} answered HTTP ${res.status}.`,
    );
  return { status: res.status, text };
}

export interface DnsSwitch {
  service: string;
  namespace: string;
  from: string;
  to: string;
  reason: string;
}

/** POST the switch; the Idempotency-Key makes a retried step safe for receivers that honour it. */
export async function callDnsWebhook(
  url: string,
  token: string | undefined,
  body: DnsSwitch,
  idempotencyKey: string,
  opts: { fetch?: typeof fetch; signal?: AbortSignal } = {},
) {
  const headers: Record<string, string> = { "idempotency-key": idempotencyKey };
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await post(url, { event: "dr-failover", ...body, idempotencyKey }, headers, {
    ...opts,
    what: "the DNS-switch webhook",
  });
  return `DNS-switch webhook ${originOf(url)} answered ${r.status}`;
}

export interface PageEvent {
  summary: string;
  source: string;
  severity: "critical" | "error" | "warning" | "info";
  component?: string;
  group?: string;
  customDetails?: Record<string, unknown>;
}

/**
 * PagerDuty Events API v2 `trigger` (POST {base}/v2/enqueue). `dedupKey` is stable per failover
 * target, so a retried page joins the open alert instead of paging twice.
 */
export async function triggerPage(
  baseUrl: string,
  routingKey: string,
  dedupKey: string,
  ev: PageEvent,
  opts: { fetch?: typeof fetch; signal?: AbortSignal } = {},
) {
  const body = {
    routing_key: routingKey,
    event_action: "trigger",
    dedup_key: dedupKey,
    client: "Rollback Command Center",
    payload: {
      summary: ev.summary.slice(0, 1024),
      source: ev.source,
      severity: ev.severity,
      ...(ev.component ? { component: ev.component } : {}),
      ...(ev.group ? { group: ev.group } : {}),
      ...(ev.customDetails ? { custom_details: ev.customDetails } : {}),
    },
  };
  const r = await post(`${baseUrl.replace(/\/+$/, "")}/v2/enqueue`, body, {}, { ...opts, what: "the paging endpoint" });
  let parsed: { status?: unknown } = {};
  try {
    parsed = JSON.parse(r.text);
  } catch {
    /* some compatible receivers answer without a body */
  }
  // Only words the Events API defines are shown from the answer, never free text from the receiver.
  const status = typeof parsed.status === "string" && /^[a-z_ ]{1,32}$/i.test(parsed.status) ? parsed.status : "";
  return {
    detail: `on-call paged through ${originOf(baseUrl)} (HTTP ${r.status}${status ? ` ${status}` : ""}), dedup_key ${dedupKey}`,
    dedupKey,
  };
}

export interface StatusNotice {
  service: string;
  namespace: string;
  text: string;
  /** The incident the failover belongs to, and who acts: with them the notice is published. */
  incident?: { id: string; actor: { id: string; name: string } };
}
export type StatusNoticeHook = (n: StatusNotice) => Promise<{ published: boolean; detail: string; ref?: string }>;

let statusNoticeHook: StatusNoticeHook | undefined;

/** For the comms module: publish DR notices (status page, chat). Until it registers, notices are only recorded. */
export function setStatusNoticeHook(hook: StatusNoticeHook | undefined): void {
  statusNoticeHook = hook;
}

export async function postStatusNotice(n: StatusNotice): Promise<{ published: boolean; detail: string; ref?: string }> {
  if (statusNoticeHook) return statusNoticeHook(n);
  if (!n.incident) return { published: false, detail: `recorded (no incident to publish on): ${n.text}` };
  // The comms module's own publishing: a customer notice version on the status page, feed and
  // customer webhooks, recorded on the timeline like any other publish.
  const { publishNotice } = await import("@/lib/comms/publish");
  const actor = { id: n.incident.actor.id, name: n.incident.actor.name, email: "", role: "commander" as const };
  const v = await publishNotice(
    { incidentId: n.incident.id, kind: "customer", title: `Service update: ${n.service}`, body: n.text },
    actor,
  );
  return { published: true, detail: `status notice published (customer notice v${v.version})`, ref: v.versionId };
}
