// A smoke test as the editor submits it and as SmokeTest rows store it. Headers are typed one per
// line (`Name: value`), assertions one per line (see json-path.ts), so the form stays plain text.
import { z } from "zod";
import { operatorMessageOf } from "@/lib/errors";
import {
  ASSERTION_OPS,
  JsonPathError,
  formatAssertion,
  parseAssertionLine,
  type Assertion,
} from "@/lib/verify/json-path";

export const SMOKE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"] as const;

const HEADER = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s*(.*)$/;

export function parseHeaderLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)) {
    const m = HEADER.exec(line);
    if (!m) throw new JsonPathError(`"${line.slice(0, 60)}" is not a header (Name: value)`);
    out[m[1]] = m[2];
  }
  return out;
}

export function formatHeaderLines(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
}

export function formatAssertionLines(assertions: Assertion[]): string {
  return assertions.map(formatAssertion).join("\n");
}

/** Lines → parsed list, with each bad line's reason as a zod issue on the field. */
function linesOf<T>(parse: (text: string) => T) {
  return z
    .string()
    .max(8000, "Keep it under 8000 characters.")
    .default("")
    .transform((text, ctx) => {
      try {
        return parse(text);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: operatorMessageOf(e) });
        return z.NEVER;
      }
    });
}

export const assertionSchema = z.object({
  path: z.string().min(1).max(500),
  op: z.enum(ASSERTION_OPS),
  value: z.unknown().optional(),
});

/** Stored assertions; a row edited by hand into something else is treated as no assertions. */
export function storedAssertions(json: unknown): Assertion[] {
  const r = z.array(assertionSchema).safeParse(json);
  return r.success ? (r.data as Assertion[]) : [];
}

export function storedHeaders(json: unknown): Record<string, string> {
  const r = z.record(z.string(), z.string()).safeParse(json);
  return r.success ? r.data : {};
}

export const smokeTestSchema = z.object({
  id: z
    .string()
    .max(64)
    .optional()
    .transform((v) => v || undefined),
  serviceId: z.string().min(1).max(64),
  name: z.string().trim().min(1, "Name the test.").max(120, "Keep it under 120 characters."),
  method: z.enum(SMOKE_METHODS, { message: "Choose an HTTP method." }),
  url: z
    .string()
    .trim()
    .url("Enter a full URL, e.g. https://shop.example.com/api/products.")
    .max(2000)
    .refine((u) => /^https?:\/\//i.test(u), "Only http and https URLs."),
  headers: linesOf(parseHeaderLines),
  body: z
    .string()
    .max(20_000, "Keep the body under 20000 characters.")
    .optional()
    .transform((v) => v || null),
  expectedStatus: z.coerce
    .number({ message: "Enter an HTTP status." })
    .int()
    .min(100, "An HTTP status is 100–599.")
    .max(599, "An HTTP status is 100–599."),
  assertions: linesOf((text) =>
    text
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .map(parseAssertionLine),
  ),
  timeoutMs: z.coerce.number().int().min(100, "At least 100 ms.").max(60_000, "At most 60000 ms.").default(5000),
});
export type SmokeTestInput = z.infer<typeof smokeTestSchema>;
