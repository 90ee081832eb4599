// What people see of plans, diffs and captured objects. Pure (no I/O), so every place that serves
// or stores them applies the same rules:
//   - for everyone, commanders included: env values (`env[].value`; `valueFrom` stays, it is only a
//     reference), Secret `data`/`stringData`, the last-applied-configuration annotation, values under
//     keys that look secret (password, token, apiKey, authorization…), credentials in URLs and
//     `--password=…` style arguments become "[redacted]". A diff line for an env var says that the
//     variable changed, never what it held.
//   - below commander (`rollback.readPlanData`): a plan carries no `data`, its params lose env names,
//     SQL and objects (replaced by a short summary), and diff lines holding SQL are summarized.
// The stored plan is never changed: execute() needs the real patch; only copies leave the server.
import type { Role } from "@/lib/generated/prisma/enums";
import { can } from "@/lib/permissions";
import type { DiffEntry, Plan } from "@/lib/rollback/strategy";

export const REDACTED = "[redacted]";

type Key = string | number;

const SECRET_KEY =
  /(password|passwd|passphrase|secret|token|api[-_]?key|authori[sz]ation|credential|private[-_]?key|bearer|cookie)/i;
const SECRET_EXACT = /^(pass|pwd|auth|dsn)$/i;
/** Names of where a secret lives (secretName, …Env, secretKeyRef), not the secret: kept. */
const REFERENCE_KEY = /(Name|Env|Ref)$/;
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:)[^\s@/]+@/gi;
const SECRET_ARGUMENT = /((?:^|[\s-])[\w.-]*(?:password|passwd|secret|token|api[-_]?key)[\w.-]*=)[^\s&]+/gi;
const SQL_PASSWORD = /(\bpassword\s+)'(?:[^']|'')*'/gi;

export function looksSecret(key: string): boolean {
  return !REFERENCE_KEY.test(key) && (SECRET_KEY.test(key) || SECRET_EXACT.test(key));
}

const isIndex = (k: Key | undefined) => typeof k === "number" || (typeof k === "string" && /^\d+$/.test(k));
const isEnvValue = (path: Key[]) =>
  path.length >= 3 && path.at(-1) === "value" && isIndex(path.at(-2)) && path.at(-3) === "env";

function scrubText(s: string): string {
  return s
    .replace(URL_CREDENTIALS, `$1${REDACTED}@`)
    .replace(SECRET_ARGUMENT, `$1${REDACTED}`)
    .replace(SQL_PASSWORD, `$1'${REDACTED}'`);
}

function isJsonPatchOp(v: Record<string, unknown>): v is { op: string; path: string; value?: unknown } {
  return typeof v.op === "string" && typeof v.path === "string" && v.path.startsWith("/") && "value" in v;
}

/** A JSON pointer (`/spec/containers/0/env`) as keys. */
export function pointerKeys(pointer: string): Key[] {
  return pointer
    .split("/")
    .slice(1)
    .map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * A redacted deep copy of `value`, found at `path` inside its document (the path decides what a
 * bare value is: `[…, "env", 0, "value"]` is an env value). JSON patch ops are read at their path.
 */
export function redactValue<T>(value: T, path: Key[] = []): T {
  return walk(value, path) as T;
}

function walk(value: unknown, path: Key[]): unknown {
  const key = path.at(-1);
  if (typeof value === "string") {
    if (isEnvValue(path) || key === LAST_APPLIED || (typeof key === "string" && looksSecret(key))) return REDACTED;
    return scrubText(value);
  }
  if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i]));
  if (!value || typeof value !== "object") return value;
  const obj = value as Record<string, unknown>;
  if (isJsonPatchOp(obj)) return { ...obj, value: walk(obj.value, pointerKeys(obj.path)) };
  const secret = obj.kind === "Secret";
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (secret && (k === "data" || k === "stringData") && v && typeof v === "object") {
      out[k] = Object.fromEntries(Object.keys(v).map((name) => [name, REDACTED]));
    } else out[k] = walk(v, [...path, k]);
  }
  return out;
}

/** A Kubernetes object as it may be kept (captured YAML): see the rules at the top. */
export function redactManifest<T>(obj: T): T {
  return redactValue(obj);
}

const ENTRY = /^\/spec\/(containers|initContainers)\/(\d+)\/env\/(\d+)(\/.*)?$/;

/**
 * One line of a pod template diff (a JSON patch op between `from` and `to`), redacted; an env
 * var's line names the container and the variable (`env app DB_PASSWORD`) instead of list indexes.
 */
export function templateDiffEntry(
  pointer: string,
  before: unknown,
  after: unknown,
  from: object,
  to: object,
): DiffEntry {
  const keys = pointerKeys(pointer);
  const entry = { before: redactValue(before, keys), after: redactValue(after, keys) };
  const m = ENTRY.exec(pointer);
  if (!m) return { path: `template${pointer}`, ...entry };
  const [, list, c, e, rest = ""] = m;
  const at = (doc: object, p: string) => {
    let cur: unknown = doc;
    for (const k of pointerKeys(p)) cur = cur && typeof cur === "object" ? (cur as Record<Key, unknown>)[k] : undefined;
    return typeof cur === "string" ? cur : undefined;
  };
  const name = (p: string) => at(to, p) ?? at(from, p) ?? "?";
  const container = name(`/spec/${list}/${c}/name`);
  const tail = rest === "/value" ? "" : rest.replace(/\//g, " ");
  return {
    path: `env ${list === "initContainers" ? "init " : ""}${container} ${name(`/spec/${list}/${c}/env/${e}/name`)}${tail}`,
    ...entry,
  };
}

/** Where a served diff line's values sit in their document, from the line's path. */
function diffKeys(path: string, value: unknown): Key[] {
  if (path.startsWith("template/")) return pointerKeys(path.slice("template".length));
  if (path.startsWith("annotation ")) return ["metadata", "annotations", path.slice("annotation ".length)];
  if (path.startsWith("env ")) {
    const rest = path.split(" ").slice(3);
    return rest.length ? ["env", 0, ...rest] : typeof value === "object" && value ? ["env", 0] : ["env", 0, "value"];
  }
  return [path.split(" ")[0]]; // `state my-flag`, `replicas web`: a label, then a name (not a key)
}

/** Diff lines holding SQL (the database strategies' plans), and which side holds it. */
const SQL_LINES: Record<string, readonly ("before" | "after")[]> = {
  sql: ["before", "after"],
  "pre-check": ["before"],
  verification: ["before"],
};

const sqlSummary = (v: unknown) =>
  typeof v === "string" ? `(SQL, ${v.split("\n").length} line(s); shown to commanders)` : v;

export function canReadPlanData(role: Role | null | undefined): boolean {
  return can(role, "rollback.readPlanData");
}

/** A diff as `role` may see it (no role: the least anyone sees, e.g. on the timeline). */
export function diffForRole(diff: DiffEntry[], role: Role | null | undefined): DiffEntry[] {
  const full = canReadPlanData(role);
  return diff.map((d) => {
    const line = {
      path: d.path,
      before: redactValue(d.before, diffKeys(d.path, d.before)),
      after: redactValue(d.after, diffKeys(d.path, d.after)),
    };
    if (full || !Object.hasOwn(SQL_LINES, d.path)) return line;
    for (const side of SQL_LINES[d.path]) line[side] = sqlSummary(line[side]);
    return line;
  });
}

/** The diff every reader of the timeline may see (viewers included). */
export const diffForEveryone = (diff: DiffEntry[]) => diffForRole(diff, null);

/** Params below commander: env names and objects dropped, SQL summarized, the rest redacted. */
function paramsSummary(params: unknown): Record<string, unknown> {
  if (!params || typeof params !== "object" || Array.isArray(params)) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (k.endsWith("Env")) continue;
    if (/sql/i.test(k)) out[k] = sqlSummary(v);
    else if (v && typeof v === "object" && !(Array.isArray(v) && v.every((x) => typeof x !== "object")))
      continue; // a manifest or any other object: commanders only
    else out[k] = redactValue(v, [k]);
  }
  return out;
}

/** A plan as it leaves the server; `data` only for those who may read it. */
export type PlanView = Omit<Plan<unknown, unknown>, "data"> & { data?: unknown };

export function planForRole(plan: Plan<unknown, unknown>, role: Role | null | undefined): PlanView {
  const { data, params, ...rest } = plan;
  const view = { ...rest, diff: diffForRole(plan.diff, role) };
  if (canReadPlanData(role)) return { ...view, params: redactValue(params), data: redactValue(data) };
  return { ...view, params: paramsSummary(params) };
}
