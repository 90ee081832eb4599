/**
 * A readable diff of two revisions' rendered manifests (pure): per object (`Deployment web`), one
 * line per changed field (`spec.template.spec.containers[0].image`), and one line for an object
 * the rollback creates or deletes. Values of a `kind: Secret` never show: a changed Secret value
 * is a line "… (value changed)" between two "[redacted]"; every other value goes through the same
 * redaction as other plans.
 */
import { parseAllDocuments } from "yaml";
import { REDACTED, redactValue } from "@/lib/rollback/redact";
import type { DiffEntry } from "@/lib/rollback/strategy";

type Obj = Record<string, unknown>;

/** The objects of a manifest (`---`-separated YAML documents, as helm stores it), by `Kind name`. */
export function manifestObjects(manifest: string): Map<string, Obj> {
  const out = new Map<string, Obj>();
  for (const doc of parseAllDocuments(manifest)) {
    const o = doc.toJS() as Obj | null;
    if (!o || typeof o !== "object" || typeof o.kind !== "string") continue;
    const meta = (o.metadata ?? {}) as { name?: string; namespace?: string };
    out.set(`${o.kind} ${meta.namespace ? `${meta.namespace}/` : ""}${meta.name ?? "?"}`, o);
  }
  return out;
}

const isObj = (v: unknown): v is Obj => !!v && typeof v === "object" && !Array.isArray(v);

/** Leaf paths where `a` and `b` differ: [path, before, after]. */
function leaves(a: unknown, b: unknown, path: string, out: [string, unknown, unknown][]) {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (isObj(a) && isObj(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) leaves(a[k], b[k], path ? `${path}.${k}` : k, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((v, i) => leaves(v, b[i], `${path}[${i}]`, out));
    return;
  }
  out.push([path, a, b]);
}

const shown = (v: unknown) => (v === undefined ? null : v);

/**
 * A Secret's value: never shown, so both sides read "[redacted]" (served diffs redact any line whose
 * path starts with a secret-looking word anyway) and the path says it changed.
 */
function secretLine(key: string, field: string, before: unknown, after: unknown): DiffEntry {
  const side = (v: unknown) => (v === undefined ? null : REDACTED);
  const changed = before !== undefined && after !== undefined ? " (value changed)" : "";
  return { path: `${key} ${field}${changed}`, before: side(before), after: side(after) };
}

/** What the rollback changes, from the current revision's manifest to the target's. */
export function manifestDiff(currentManifest: string, targetManifest: string): DiffEntry[] {
  const now = manifestObjects(currentManifest);
  const then = manifestObjects(targetManifest);
  const out: DiffEntry[] = [];
  for (const key of new Set([...now.keys(), ...then.keys()])) {
    const [a, b] = [now.get(key), then.get(key)];
    if (!a) {
      out.push({ path: key, before: null, after: "created by the rollback" });
      continue;
    }
    if (!b) {
      out.push({ path: key, before: "present", after: "deleted by the rollback" });
      continue;
    }
    const changed: [string, unknown, unknown][] = [];
    leaves(a, b, "", changed);
    const secret = a.kind === "Secret" || b.kind === "Secret";
    for (const [field, before, after] of changed) {
      if (secret && /^(data|stringData)(\.|$)/.test(field)) {
        out.push(secretLine(key, field, before, after));
        continue;
      }
      const keys = field.split(/[.[\]]+/).filter(Boolean);
      out.push({
        path: `${key} ${field}`,
        before: redactValue(shown(before), keys),
        after: redactValue(shown(after), keys),
      });
    }
  }
  return out;
}
