/**
 * The declarative catalog file (YAML) → validated service settings, or every error with the service,
 * the dotted field and the line of that field in the file. All or nothing: one invalid entry refuses
 * the whole file. Pure (no I/O): the file watcher, the import action and the tests share it.
 *
 *   apiVersion: rollback-command-center.io/v1
 *   kind: ServiceCatalog
 *   services:
 *     - name: checkout
 *       namespace: shop
 *       deployments: [checkout]
 *       strategies: { blueGreen: …, canary: …, flags: …, database: …, dr: … }
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { serviceSettingsSchema, type ServiceSettings } from "@/lib/services/service-settings";

export const CATALOG_API_VERSION = "rollback-command-center.io/v1";
export const CATALOG_KIND = "ServiceCatalog";
export const MAX_CATALOG_BYTES = 2_000_000;

export type CatalogError = {
  /** The entry's name, when it has one. */
  service?: string;
  /** Dotted path inside the entry ("triggerConfig.errorRate.threshold", "deployments[1]"); for the
   * file's envelope the top-level key ("kind"); "" for a YAML syntax error. */
  field: string;
  /** 1-based line in the file. */
  line: number;
  message: string;
};

export type ParsedCatalog =
  | {
      ok: true;
      services: ServiceSettings[];
      /** The line of each entry's `name`, for errors found later (e.g. when applying). */
      lines: Record<string, number>;
    }
  | { ok: false; errors: CatalogError[] };

type Path = (string | number)[];

const fieldOf = (path: Path) =>
  path.reduce<string>((out, p) => (typeof p === "number" ? `${out}[${p}]` : out ? `${out}.${p}` : p), "");

const ENVELOPE_KEYS = new Set(["apiVersion", "kind", "services"]);

export function parseCatalog(text: string): ParsedCatalog {
  if (text.length > MAX_CATALOG_BYTES)
    return fail({ field: "", line: 1, message: `the catalog is larger than ${MAX_CATALOG_BYTES} bytes` });
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length)
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        field: "",
        line: e.linePos?.[0]?.line ?? 1,
        message: `YAML: ${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`,
      })),
    };
  const lineAt = (path: Path) => lineOf(doc, lc, path);
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return fail({ field: "", line: 1, message: `YAML: ${e instanceof Error ? e.message : String(e)}` });
  }
  if (!root || typeof root !== "object" || Array.isArray(root))
    return fail({ field: "", line: 1, message: `expected a mapping with apiVersion, kind and services` });
  const top = root as Record<string, unknown>;
  const errors: CatalogError[] = [];
  const envelope = (field: string, message: string) => errors.push({ field, line: lineAt([field]), message });
  if (top.apiVersion !== CATALOG_API_VERSION) envelope("apiVersion", `must be "${CATALOG_API_VERSION}"`);
  if (top.kind !== CATALOG_KIND) envelope("kind", `must be "${CATALOG_KIND}"`);
  for (const key of Object.keys(top)) if (!ENVELOPE_KEYS.has(key)) envelope(key, `unknown field "${key}"`);
  if (!Array.isArray(top.services)) {
    envelope("services", top.services === undefined ? "is required (a list of services)" : "must be a list");
    return { ok: false, errors: sorted(errors) };
  }

  const services: ServiceSettings[] = [];
  const firstLine = new Map<string, number>();
  top.services.forEach((entry: unknown, i: number) => {
    const at = (path: Path) => lineAt(["services", i, ...path]);
    const name =
      entry && typeof entry === "object" && typeof (entry as { name?: unknown }).name === "string"
        ? (entry as { name: string }).name
        : undefined;
    const push = (path: Path, message: string) =>
      errors.push({ ...(name ? { service: name } : {}), field: fieldOf(path), line: at(path), message });
    if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
      push([], `service #${i + 1} must be a mapping of settings`);
      return;
    }
    const parsed = serviceSettingsSchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of flatten(parsed.error.issues)) {
        if (issue.code === "unrecognized_keys")
          for (const key of issue.keys) push([...issue.path, key], `unknown field "${key}"`);
        else push(issue.path, messageOf(issue, entry));
      }
      return;
    }
    const s = parsed.data;
    const seen = firstLine.get(s.name);
    if (seen !== undefined) push(["name"], `duplicate service name "${s.name}" (first at line ${seen})`);
    else firstLine.set(s.name, at(["name"]));
    services.push(s);
  });
  if (errors.length) return { ok: false, errors: sorted(errors) };
  return { ok: true, services, lines: Object.fromEntries(firstLine) };
}

type Issue = { code: string; path: Path; message: string; keys?: string[]; errors?: Issue[][] };
type FlatIssue = { code: string; path: Path; message: string; keys: string[] };

/** Union failures list each option's issues: keep the option that got furthest (fewest issues). */
function flatten(issues: readonly z.core.$ZodIssue[] | readonly Issue[], prefix: Path = []): FlatIssue[] {
  return (issues as readonly Issue[]).flatMap((i) => {
    const path = [...prefix, ...i.path.filter((p): p is string | number => typeof p !== "symbol")];
    if (i.code === "invalid_union" && i.errors?.length) {
      const best = [...i.errors].sort((a, b) => a.length - b.length)[0];
      if (best.length) return flatten(best, path);
    }
    return [{ code: i.code, path, message: i.message, keys: i.keys ?? [] }];
  });
}

function messageOf(issue: FlatIssue, entry: unknown): string {
  if (issue.code === "invalid_type" && valueAt(entry, issue.path) === undefined) return "is required";
  return issue.message;
}

function valueAt(v: unknown, path: Path): unknown {
  return path.reduce<unknown>(
    (o, p) => (o && typeof o === "object" ? (o as Record<string, unknown>)[p] : undefined),
    v,
  );
}

/** The line of the deepest node along `path`: a mapping key's own line, else the item's. */
function lineOf(doc: Document, lc: LineCounter, path: Path): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents?.range?.[0] as number | undefined) ?? 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === seg);
      if (!pair) break;
      offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === "number" && node.items[seg]) {
      node = node.items[seg];
      offset = (node as { range?: [number] }).range?.[0] ?? offset;
    } else break;
  }
  return lc.linePos(offset).line;
}

const fail = (e: CatalogError): ParsedCatalog => ({ ok: false, errors: [e] });
const sorted = (errors: CatalogError[]) => [...errors].sort((a, b) => a.line - b.line);
