import "server-only";
// JSON answers for route handlers, with the same error shape the server actions use.
import { isAppError, userMessageOf, type ErrorCode } from "@/lib/errors";

const STATUS: Record<ErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  invalid: 400,
  not_found: 404,
  conflict: 409,
  already_running: 409,
  unavailable: 503,
  timeout: 504,
  failed: 500,
};

export function jsonError(e: unknown): Response {
  const code: ErrorCode = isAppError(e) ? e.code : "failed";
  if (!isAppError(e)) console.error("[route]", e);
  return Response.json({ ok: false, code, error: userMessageOf(e) }, { status: STATUS[code] });
}
