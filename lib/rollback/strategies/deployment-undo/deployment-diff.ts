/** The readable diff of a Deployment rollback: images first, then every other template field. */
// Default import: the package's CJS entry hides its named exports from Node's ESM loader (tsx, bench).
import jsonpatch from "fast-json-patch";
import { templateImages } from "@/lib/k8s/deployment-state";
import { withoutHash } from "@/lib/k8s/revisions";
import type { PodTemplate } from "@/lib/k8s/types";
import { redactValue, templateDiffEntry } from "@/lib/rollback/redact";
import type { DiffEntry } from "@/lib/rollback/strategy";

const IMAGE_PATH = /^\/spec\/(init)?[cC]ontainers\/\d+\/image$/;

export function diffTemplates(before: PodTemplate, after: PodTemplate): DiffEntry[] {
  const out: DiffEntry[] = [];
  const b = new Map(templateImages(before).map((i) => [`${i.init ? "init " : ""}${i.container}`, i.image]));
  const a = new Map(templateImages(after).map((i) => [`${i.init ? "init " : ""}${i.container}`, i.image]));
  for (const name of new Set([...b.keys(), ...a.keys()])) {
    if (b.get(name) !== a.get(name))
      out.push({ path: `image ${name}`, before: b.get(name) ?? null, after: a.get(name) ?? null });
  }
  const from = withoutHash(before) as object;
  const to = withoutHash(after) as object;
  for (const op of jsonpatch.compare(from, to)) {
    if (IMAGE_PATH.test(op.path)) continue;
    const before = op.op === "add" ? null : safeGet(from, op.path);
    const after = op.op === "remove" ? null : (op as { value?: unknown }).value;
    out.push(templateDiffEntry(op.path, before, after, from, to));
  }
  return out;
}

export function diffAnnotations(before: Record<string, string> = {}, after: Record<string, string> = {}): DiffEntry[] {
  const out: DiffEntry[] = [];
  for (const k of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    if (before[k] !== after[k])
      out.push({ path: `annotation ${k}`, before: shown(k, before[k]), after: shown(k, after[k]) });
  }
  return out;
}

const shown = (k: string, v: string | undefined) => redactValue(v ?? null, ["metadata", "annotations", k]);

function safeGet(doc: object, pointer: string): unknown {
  try {
    return jsonpatch.getValueByPointer(doc, pointer) ?? null;
  } catch {
    return null;
  }
}
