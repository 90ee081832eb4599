import { AppError, isAppError } from "@/lib/errors";

// Errors from the network layer (node-fetch FetchError / Node system errors) that mean "we never got
// an answer from the API server". TLS failures belong here too: the server could not be trusted.
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "EPIPE",
  "EPROTO",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

interface ApiExceptionLike {
  code: number;
  body?: unknown;
}

function isApiException(e: unknown): e is ApiExceptionLike {
  // Checked structurally: client-node's ApiException class may come from a second copy of the package.
  return typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "number" && "body" in e;
}

/** The apiserver's own words from a Status body (client-node gives the body as text). */
export function apiServerMessage(body: unknown): string | undefined {
  let status: unknown = body;
  if (typeof body === "string") {
    try {
      status = JSON.parse(body);
    } catch {
      return body.trim() || undefined;
    }
  }
  const message = (status as { message?: unknown } | null)?.message;
  return typeof message === "string" && message ? message : undefined;
}

function networkCode(e: unknown): string | undefined {
  let cur: unknown = e;
  // FetchError keeps the system error's code; undici-style errors nest it in `cause`.
  for (let i = 0; i < 4 && cur && typeof cur === "object"; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && UNREACHABLE_CODES.has(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  const msg = e instanceof Error ? e.message : "";
  const m = msg.match(/\b(E[A-Z_]{4,}|CERT_[A-Z_]+|[A-Z_]*SELF_SIGNED[A-Z_]*)\b/);
  return m && UNREACHABLE_CODES.has(m[1]) ? m[1] : undefined;
}

export interface MapContext {
  /** API server URL, for "unreachable at …". */
  server?: string;
  /** What we were doing, e.g. `read Deployment "web"`; prefixes non-specific messages. */
  what?: string;
}

/** Any error from a Kubernetes call → AppError with a message a commander can act on. */
export function toAppError(e: unknown, ctx: MapContext = {}): AppError {
  if (isAppError(e)) return e;
  const doing = ctx.what ? ` (${ctx.what})` : "";
  if (isApiException(e)) {
    const msg = apiServerMessage(e.body) ?? `HTTP ${e.code}`;
    switch (e.code) {
      case 401:
        return new AppError("forbidden", `the cluster rejected the app's credentials (401 Unauthorized)${doing}`, {
          cause: e,
        });
      case 403:
        return new AppError("forbidden", `forbidden by the cluster's RBAC: ${msg}`, { cause: e });
      case 404:
        return new AppError("not_found", msg, { cause: e });
      case 409:
        return new AppError("conflict", msg, { cause: e });
      case 400:
      case 422:
        return new AppError("invalid", msg, { cause: e });
      case 408:
      case 504:
        return new AppError("timeout", `the Kubernetes API server timed out${doing}: ${msg}`, { cause: e });
      default:
        if (e.code === 429 || e.code >= 500) {
          return new AppError("unavailable", `the Kubernetes API server failed${doing}: ${msg}`, { cause: e });
        }
        return new AppError("failed", `Kubernetes answered ${e.code}${doing}: ${msg}`, { cause: e });
    }
  }
  const code = networkCode(e);
  if (code) {
    const where = ctx.server ?? "(unknown server)";
    return new AppError("unavailable", `Kubernetes API server unreachable at ${where}: ${code}`, { cause: e });
  }
  if (e instanceof Error && (e.name === "AbortError" || e.name === "TimeoutError")) {
    return new AppError("timeout", `the Kubernetes request was aborted${doing}`, { cause: e });
  }
  const text = e instanceof Error ? e.message : String(e);
  return new AppError("failed", `Kubernetes call failed${doing}: ${text}`, { cause: e });
}

/** HTTP status of an ApiException, or undefined for anything else (for "404 is fine here" checks). */
export function httpStatusOf(e: unknown): number | undefined {
  if (isApiException(e)) return e.code;
  if (isAppError(e) && e.cause !== undefined) return httpStatusOf(e.cause);
  return undefined;
}
