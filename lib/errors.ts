// One error type for everything a person may read. `userMessage` is safe to show; `cause` is not.
export type ErrorCode =
  | "unauthenticated"
  | "forbidden"
  | "invalid"
  | "not_found"
  | "conflict"
  | "already_running"
  | "unavailable"
  | "timeout"
  | "failed";

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(userMessage, options);
    this.name = "AppError";
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** The message for a person: an AppError's own words, anything else without internals. */
export function userMessageOf(e: unknown): string {
  if (isAppError(e)) return e.userMessage;
  return "Something went wrong on the server. The error was logged.";
}

/**
 * The text for an operator (timeline, step detail, log): an AppError's own words, another error's
 * message. Unlike userMessageOf it keeps the detail, so it is for the people running the incident.
 */
export function operatorMessageOf(e: unknown): string {
  if (isAppError(e)) return e.userMessage;
  return e instanceof Error ? e.message : String(e);
}
