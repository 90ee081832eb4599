// HTTP for checks: every request has a deadline (covering the body too) and every failure becomes
// a short reason a responder can act on ("timed out after 2000 ms", "connection refused").
import { egressFetch } from "@/lib/http/egress-fetch";
import { isAppError } from "@/lib/errors";

export type HttpAnswer = { status: number; body: string; ms: number };

export class HttpCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HttpCheckError";
  }
}

const MAX_BODY = 1_000_000;

function describeFailure(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError"))
    return `timed out after ${timeoutMs} ms`;
  if (isAppError(e) && e.code === "timeout") return `timed out after ${timeoutMs} ms`;
  if (isAppError(e) && e.code === "forbidden") return e.userMessage;
  const cause = e instanceof Error ? (e.cause as { code?: string; message?: string } | undefined) : undefined;
  const code = cause?.code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host not found";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "connection reset";
  if (code) return `request failed (${code})`;
  return `request failed: ${cause?.message ?? (e instanceof Error ? e.message : String(e))}`;
}

export async function httpRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs: number; fetch?: typeof fetch },
): Promise<HttpAnswer> {
  const started = performance.now();
  const doFetch = opts.fetch ?? egressFetch;
  try {
    const res = await doFetch(url, {
      method: opts.method ?? "GET",
      headers: opts.headers,
      body: opts.body,
      redirect: "manual",
      cache: "no-store",
      signal: AbortSignal.timeout(opts.timeoutMs),
      maxBytes: MAX_BODY,
    } as RequestInit);
    const text = await res.text();
    return { status: res.status, body: text.slice(0, MAX_BODY), ms: Math.round(performance.now() - started) };
  } catch (e) {
    throw new HttpCheckError(describeFailure(e, opts.timeoutMs));
  }
}
