import "server-only";
// Every server action has the same spine: authorize → parse (zod) → do → revalidate, and answers
// { ok: true, data } | { ok: false, error, fieldErrors? } instead of throwing at the browser.
// Authorization comes first so that a forbidden caller learns nothing from validation.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requirePermission, type SessionUser } from "@/lib/auth/session";
import { isAppError, userMessageOf, type ErrorCode } from "@/lib/errors";
import type { Permission } from "@/lib/permissions";

export type FieldErrors = Record<string, string[]>;
export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; error: string; code: ErrorCode; fieldErrors?: FieldErrors };

type ActionInput = FormData | Record<string, unknown> | undefined;

function toObject(input: ActionInput): Record<string, unknown> {
  if (!(input instanceof FormData)) return input ?? {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of input.entries()) {
    if (key.startsWith("$ACTION")) continue; // Next's own form fields
    out[key] = typeof value === "string" ? value : undefined;
  }
  return out;
}

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Revalidation needs Next's request scope; outside it (jobs, tests) there is no cache to drop. */
export function revalidate(...paths: string[]) {
  for (const p of paths) {
    try {
      revalidatePath(p);
    } catch {
      /* no request scope */
    }
  }
}

export function defineAction<S extends z.ZodType, T>(opts: {
  permission: Permission;
  schema: S;
  run: (input: z.infer<S>, user: SessionUser) => Promise<T>;
}) {
  return async (input?: ActionInput): Promise<ActionResult<T>> => {
    try {
      const user = await requirePermission(opts.permission);
      const parsed = opts.schema.safeParse(toObject(input));
      if (!parsed.success) {
        return {
          ok: false,
          code: "invalid",
          error: "Check the highlighted fields.",
          fieldErrors: fieldErrorsOf(parsed.error),
        };
      }
      return { ok: true, data: await opts.run(parsed.data, user) };
    } catch (e) {
      if (!isAppError(e)) console.error("[action]", e);
      return { ok: false, code: isAppError(e) ? e.code : "failed", error: userMessageOf(e) };
    }
  };
}
