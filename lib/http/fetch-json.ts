// The one way client code reads JSON from our route handlers. A non-2xx answer, an `{ ok: false }`
// body, a dropped connection or an unreadable body all become a FetchError a person can read, so
// no caller renders an error body as if it were data. No server imports: browser code uses this.
import type { ErrorCode } from "@/lib/errors";

export const SESSION_EXPIRED_MESSAGE = "Your session has expired — sign in again.";

export type FetchErrorCode = ErrorCode | "network" | "bad_response";

const CODES: readonly string[] = [
  "unauthenticated",
  "forbidden",
  "invalid",
  "not_found",
  "conflict",
  "already_running",
  "unavailable",
  "timeout",
  "failed",
];

export class FetchError extends Error {
  constructor(
    /** The HTTP status, or 0 when no answer arrived. */
    readonly status: number,
    readonly code: FetchErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "FetchError";
  }

  /** The server no longer knows who this is: the fix is signing in again, not retrying. */
  get sessionExpired(): boolean {
    return this.status === 401 || this.code === "unauthenticated";
  }

  /** Asking again unchanged will get the same answer (except 408 and 429, which say "later"). */
  get permanent(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 408 && this.status !== 429;
  }
}

export function isFetchError(e: unknown): e is FetchError {
  return e instanceof FetchError;
}

export function isSessionExpired(e: unknown): boolean {
  return isFetchError(e) && e.sessionExpired;
}

function codeForStatus(status: number): FetchErrorCode {
  if (status === 401) return "unauthenticated";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 400 || status === 422) return "invalid";
  if (status === 503 || status === 502) return "unavailable";
  if (status === 504 || status === 408) return "timeout";
  return "failed";
}

function messageForStatus(status: number): string {
  if (status === 403) return "Your role does not allow this.";
  if (status === 404) return "Not found: it may have been removed.";
  if (status === 429) return "Too many requests; try again in a moment.";
  if (status >= 500) return `The server could not answer (HTTP ${status}). Try again in a moment.`;
  return `The request was refused (HTTP ${status}).`;
}

type ErrorBody = { ok: false; error?: unknown; code?: unknown };
const isErrorBody = (b: unknown): b is ErrorBody =>
  typeof b === "object" && b !== null && (b as { ok?: unknown }).ok === false;

function errorOf(status: number, body: unknown): FetchError {
  const shaped = isErrorBody(body) ? body : null;
  const code =
    typeof shaped?.code === "string" && CODES.includes(shaped.code)
      ? (shaped.code as ErrorCode)
      : codeForStatus(status);
  if (status === 401 || code === "unauthenticated")
    return new FetchError(status, "unauthenticated", SESSION_EXPIRED_MESSAGE);
  const text =
    typeof shaped?.error === "string" && shaped.error.trim()
      ? shaped.error.slice(0, 500)
      : status >= 400
        ? messageForStatus(status)
        : "The request failed.";
  return new FetchError(status, code, text);
}

/** A fetch that lands on the sign-in page was redirected there by an expired session. */
function redirectedToLogin(res: Response): boolean {
  if (!res.redirected || !res.url) return false;
  try {
    return new URL(res.url).pathname === "/login";
  } catch {
    return false;
  }
}

/** The FetchError for an answer that is not what was asked for (also used by the event stream). */
export async function errorFromResponse(res: Response): Promise<FetchError> {
  if (redirectedToLogin(res)) return new FetchError(401, "unauthenticated", SESSION_EXPIRED_MESSAGE);
  const body = await res.json().catch(() => null);
  return errorOf(res.status, body);
}

export function networkError(): FetchError {
  return new FetchError(0, "network", "Could not reach the server: the connection may be down. Try again in a moment.");
}

const isAbort = (e: unknown) => (e as { name?: string } | null)?.name === "AbortError";

export type FetchJsonInit = Omit<RequestInit, "body"> & {
  /** Sent as a JSON body with its content type. */
  json?: unknown;
  body?: BodyInit;
};

/** GETs (or sends `json`) and returns the parsed body; throws a FetchError for anything else. */
export async function fetchJson<T>(url: string, init: FetchJsonInit = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  const h = new Headers(headers);
  h.set("accept", "application/json");
  if (json !== undefined) h.set("content-type", "application/json");
  let res: Response;
  try {
    res = await fetch(url, { ...rest, headers: h, body: json !== undefined ? JSON.stringify(json) : rest.body });
  } catch (e) {
    if (isAbort(e)) throw e; // a cancelled request is not a failure to show
    throw networkError();
  }
  if (!res.ok || redirectedToLogin(res)) throw await errorFromResponse(res);
  let body: unknown;
  try {
    body = await res.json();
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new FetchError(
      res.status,
      "bad_response",
      `The server sent an answer this page cannot read (HTTP ${res.status}).`,
    );
  }
  if (isErrorBody(body)) throw errorOf(res.status, body);
  return body as T;
}
