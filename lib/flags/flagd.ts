/**
 * flagd's evaluation API over HTTP (Connect protocol, JSON): `POST /flagd.evaluation.v1.Service/
 * Resolve<Type>` on flagd's port (8013 by default). Used to prove a kill switch took effect where
 * the applications read it, not just on the cluster object.
 */
import { AppError, isAppError } from "@/lib/errors";
import type { FlagdFlag } from "./definition";
import { egressFetch } from "@/lib/http/egress-fetch";

export type ResolveType = "Boolean" | "String" | "Float" | "Object";

export interface Evaluation {
  /** Absent when flagd resolves no value (a DISABLED flag: callers get their code default). */
  value?: unknown;
  reason?: string;
  variant?: string;
}

export function resolveTypeOf(flag: FlagdFlag): ResolveType {
  const v = Object.values(flag.variants ?? {})[0];
  if (typeof v === "boolean") return "Boolean";
  if (typeof v === "string") return "String";
  if (typeof v === "number") return "Float";
  return "Object";
}

export async function evaluateFlag(
  flagdUrl: string,
  flagKey: string,
  type: ResolveType,
  opts: { context?: Record<string, unknown>; fetch?: typeof fetch; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<Evaluation> {
  const url = `${flagdUrl.replace(/\/+$/, "")}/flagd.evaluation.v1.Service/Resolve${type}`;
  const signal = AbortSignal.any([AbortSignal.timeout(opts.timeoutMs ?? 5000), ...(opts.signal ? [opts.signal] : [])]);
  let res: Response;
  try {
    res = await (opts.fetch ?? egressFetch)(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ flagKey, context: opts.context ?? {} }),
      signal,
      maxBytes: 64 * 1024,
    } as RequestInit);
  } catch (e) {
    const why = isAppError(e) ? e.userMessage : "the request failed";
    throw new AppError("unavailable", `flagd unreachable at ${new URL(flagdUrl).origin}: ${why}`, { cause: e });
  }
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    /* not JSON: reported below */
  }
  if (!res.ok) {
    throw new AppError(
      res.status === 404 ? "not_found" : "failed",
      // flagd's error code only (FLAG_NOT_FOUND…), never the body it answered.
      `flagd answered ${res.status} for flag "${flagKey}"${flagdCode(body.code)}`,
    );
  }
  return { value: body.value, reason: body.reason as string | undefined, variant: body.variant as string | undefined };
}

/** What flagd must answer for this definition of the flag (with an empty context). */
export function expectedEvaluation(flag: FlagdFlag): { describe: string; matches(e: Evaluation): boolean } {
  if (flag.state === "DISABLED") return { describe: "reason DISABLED", matches: (e) => e.reason === "DISABLED" };
  if (flag.targeting !== undefined)
    return {
      describe: "an enabled evaluation (targeting)",
      matches: (e) => e.reason !== "DISABLED" && e.reason !== "ERROR",
    };
  const value = flag.variants?.[flag.defaultVariant];
  return {
    describe: `${JSON.stringify(value)} (variant "${flag.defaultVariant}")`,
    matches: (e) => e.variant === flag.defaultVariant || JSON.stringify(e.value) === JSON.stringify(value),
  };
}

export const describeEvaluation = (e: Evaluation) =>
  `${e.value === undefined ? "no value" : JSON.stringify(e.value)}${e.variant ? ` (variant "${e.variant}")` : ""}, reason ${e.reason ?? "?"}`;

/** ": FLAG_NOT_FOUND" from flagd's error body, or nothing when it is not a plain error code. */
function flagdCode(code: unknown): string {
  return typeof code === "string" && /^[A-Z_]{1,40}$/.test(code) ? `: ${code}` : "";
}
