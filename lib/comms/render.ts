// Filling a template: {{name}} → value. One pass, so a value that itself contains "{{…}}" (an
// incident title, say) is never expanded again. Unknown names stay in the text as written and are
// reported, so a notice is never published with a silent blank.
import type { NoticeKind } from "@/lib/generated/prisma/enums";
import { variablesFor } from "@/lib/comms/variables";

const VARIABLE = /\{\{\s*([A-Za-z][\w.]*)\s*\}\}/g;

export const NOT_SET = "_(not set)_";

export type FillResult = {
  text: string;
  /** Names not in the catalog, or internal-only names in a customer notice. */
  unknown: string[];
  /** Known names without a value here (e.g. no war-room link yet). */
  missing: string[];
};

export function variablesIn(text: string): string[] {
  return [...new Set([...text.matchAll(VARIABLE)].map((m) => m[1]))];
}

export function fillTemplate(text: string, values: Record<string, string | null>, kind: NoticeKind): FillResult {
  const allowed = new Set(variablesFor(kind).map((v) => v.name));
  const unknown = new Set<string>();
  const missing = new Set<string>();
  const out = text.replace(VARIABLE, (whole, name: string) => {
    if (!allowed.has(name) || !(name in values)) {
      unknown.add(name);
      return whole;
    }
    const value = values[name];
    if (value == null || value === "") {
      missing.add(name);
      return NOT_SET;
    }
    return value;
  });
  return { text: out, unknown: [...unknown], missing: [...missing] };
}

/** Titles are one line of plain text: no markdown list from {{rollback.actions}} in a subject. */
export function fillTitle(title: string, values: Record<string, string | null>, kind: NoticeKind): FillResult {
  const r = fillTemplate(title, values, kind);
  return {
    ...r,
    text: r.text
      .split(NOT_SET)
      .join("(not set)")
      .replace(/\s*\n\s*/g, " ")
      .trim(),
  };
}
