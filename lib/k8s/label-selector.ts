import { AppError } from "@/lib/errors";

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[] | null;
}
export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

/**
 * A metav1.LabelSelector as the `labelSelector` query string, as apimachinery's
 * LabelSelectorAsSelector(...).String() renders it: requirements sorted by key, `k=v` for
 * matchLabels, `k in (a,b)`, `k notin (a,b)`, `k`, `!k` for expressions, values sorted.
 * An empty selector selects everything (""), as in Go.
 */
export function labelSelectorToString(sel: LabelSelector | null | undefined): string {
  if (!sel) throw new AppError("invalid", "the Deployment has no selector");
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort();
    switch (e.operator) {
      case "In":
      case "NotIn":
        if (values.length === 0)
          throw new AppError("invalid", `selector ${e.key} ${e.operator}: values must be non-empty`);
        reqs.push({ key: e.key, text: `${e.key} ${e.operator === "In" ? "in" : "notin"} (${values.join(",")})` });
        break;
      case "Exists":
        reqs.push({ key: e.key, text: e.key });
        break;
      case "DoesNotExist":
        reqs.push({ key: e.key, text: `!${e.key}` });
        break;
      default:
        throw new AppError("invalid", `"${e.operator}" is not a valid label selector operator`);
    }
  }
  // Stable sort by key (Go's sort.Sort is not stable, but ties are semantically irrelevant).
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return reqs.map((r) => r.text).join(",");
}

/** Does `labels` satisfy `sel`? (For checking which pods a Service or Deployment selects.) */
export function selectorMatches(sel: LabelSelector, labels: Record<string, string> | null | undefined): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const vals = e.values ?? [];
    if (e.operator === "In" && !(has && vals.includes(l[e.key]))) return false;
    if (e.operator === "NotIn" && has && vals.includes(l[e.key])) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}
