import "server-only";
/**
 * A URL from the settings probed from the dashboard's side: one GET with a short deadline, the
 * status code and latency, or why there was no answer. The body is never read into the result and
 * redirects are not followed (a Location header can carry tokens; it is not echoed either).
 * The one outbound request of the settings checks is `probeUrl`'s fetch, so an egress policy
 * (issue 14) wraps it in one place.
 */

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
    const res = await (opts.fetch ?? fetch)(parsed, {
      method: "GET",
      redirect: "manual",
      cache: "no-store",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const latencyMs = elapsed();
    await res.body?.cancel().catch(() => {});
    const ok = res.status >= 200 && res.status < 300;
    const redirect = res.status >= 300 && res.status < 400 ? " (a redirect, not followed)" : "";
    return { url, ok, status: res.status, latencyMs, message: `HTTP ${res.status} in ${latencyMs} ms${redirect}` };
  } catch (e) {
    return { url, ok: false, status: null, latencyMs: elapsed(), message: noAnswer(e, timeoutMs) };
  }
}
