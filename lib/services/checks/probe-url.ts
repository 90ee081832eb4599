import "server-only";
/**
 * A URL from the settings probed from the dashboard's side: one GET with a short deadline, the
 * status code and latency, or why there was no answer. The body is never read into the result and
 * redirects are not followed (a Location header can carry tokens; it is not echoed either).
 * The request goes through the egress policy (lib/http/egress-fetch.ts), like every outbound call.
 */
import { isAppError } from "@/lib/errors";
import { egressFetch } from "@/lib/http/egress-fetch";

export interface UrlProbe {
  url: string;
  /** Answered 2xx. A 3xx, 4xx or 5xx answered but is not healthy. */
  ok: boolean;
  status: number | null;
  latencyMs: number;
  /** e.g. "HTTP 200 in 12 ms", "did not answer within 3 s", "connection refused". */
  message: string;
}

export interface ProbeOptions {
  /** Default 3 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

function noAnswer(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError"))
    return `did not answer within ${seconds(timeoutMs)}`;
  if (isAppError(e) && e.code === "timeout") return `did not answer within ${seconds(timeoutMs)}`;
  if (isAppError(e) && e.code === "forbidden") return e.userMessage;
  const code = (e instanceof Error ? (e.cause as { code?: string } | undefined) : undefined)?.code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host not found";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "connection reset";
  if (code?.startsWith("ERR_TLS") || code?.includes("CERT")) return `TLS failed (${code})`;
  return code ? `request failed (${code})` : "request failed";
}

export async function probeUrl(url: string, opts: ProbeOptions = {}): Promise<UrlProbe> {
  const timeoutMs = opts.timeoutMs ?? 3_000;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, ok: false, status: null, latencyMs: 0, message: "not a URL" };
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    return { url, ok: false, status: null, latencyMs: 0, message: "only http and https URLs are probed" };
  try {
    const res = await (opts.fetch ?? egressFetch)(parsed, {
      method: "GET",
      signal: AbortSignal.timeout(timeoutMs),
      timeoutMs,
      maxBytes: 0,
    } as RequestInit);
    const latencyMs = elapsed();
    await res.body?.cancel().catch(() => {});
    const ok = res.status >= 200 && res.status < 300;
    const redirect = res.status >= 300 && res.status < 400 ? " (a redirect, not followed)" : "";
    return { url, ok, status: res.status, latencyMs, message: `HTTP ${res.status} in ${latencyMs} ms${redirect}` };
  } catch (e) {
    return { url, ok: false, status: null, latencyMs: elapsed(), message: noAnswer(e, timeoutMs) };
  }
}
