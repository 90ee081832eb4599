// A tiny JSON-path subset for smoke-test assertions: `$`, `.name`, `[n]` (negative counts from the
// end) and `["key"]` / `['key']`. Enough for "login returns a token" and "the list is an array"
// without pulling a full JSONPath engine (and its filter expressions) into the rollback path.
import { operatorMessageOf } from "@/lib/errors";

export type PathSegment = string | number;

export const ASSERTION_OPS = ["exists", "notExists", "isArray", "equals"] as const;
export type AssertionOp = (typeof ASSERTION_OPS)[number];
export type Assertion = { path: string; op: AssertionOp; value?: unknown };

export class JsonPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JsonPathError";
  }
}

const NAME = /^[A-Za-z_$][\w$-]*/;

export function parsePath(path: string): PathSegment[] {
  const p = path.trim();
  if (!p.startsWith("$")) throw new JsonPathError(`"${path}" must start with $`);
  const out: PathSegment[] = [];
  let i = 1;
  while (i < p.length) {
    if (p[i] === ".") {
      const m = NAME.exec(p.slice(i + 1));
      if (!m) throw new JsonPathError(`"${path}": expected a name after "." at ${i + 1}`);
      out.push(m[0]);
      i += 1 + m[0].length;
    } else if (p[i] === "[") {
      const close = p.indexOf("]", i);
      if (close < 0) throw new JsonPathError(`"${path}": "[" at ${i} is not closed`);
      const inner = p.slice(i + 1, close).trim();
      if (/^-?\d+$/.test(inner)) out.push(Number(inner));
      else if (/^(["']).*\1$/.test(inner) && inner.length >= 2) out.push(inner.slice(1, -1));
      else throw new JsonPathError(`"${path}": [${inner}] must be an index or a quoted key`);
      i = close + 1;
    } else {
      throw new JsonPathError(`"${path}": unexpected "${p[i]}" at ${i}`);
    }
  }
  return out;
}

export type Lookup = { found: true; value: unknown } | { found: false; at: string };

/** Follows `path` into `root`; `at` names the first segment that was missing. */
export function lookup(root: unknown, path: string | PathSegment[]): Lookup {
  const segments = typeof path === "string" ? parsePath(path) : path;
  let cur: unknown = root;
  let walked = "$";
  for (const seg of segments) {
    if (typeof seg === "number") {
      walked += `[${seg}]`;
      if (!Array.isArray(cur)) return { found: false, at: walked };
      const idx = seg < 0 ? cur.length + seg : seg;
      if (idx < 0 || idx >= cur.length) return { found: false, at: walked };
      cur = cur[idx];
    } else {
      walked += /^[A-Za-z_$][\w$-]*$/.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`;
      if (
        cur === null ||
        typeof cur !== "object" ||
        Array.isArray(cur) ||
        !Object.prototype.hasOwnProperty.call(cur, seg)
      ) {
        return { found: false, at: walked };
      }
      cur = (cur as Record<string, unknown>)[seg];
    }
  }
  return { found: true, value: cur };
}

/** Structural equality of JSON values (object key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every(
      (k) =>
        Object.prototype.hasOwnProperty.call(b, k) &&
        jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}

const preview = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

/** null when the assertion holds, else why not (values shortened: bodies may hold secrets). */
export function checkAssertion(body: unknown, a: Assertion): string | null {
  let r: Lookup;
  try {
    r = lookup(body, a.path);
  } catch (e) {
    return operatorMessageOf(e);
  }
  switch (a.op) {
    case "exists":
      return r.found ? null : `${a.path} is missing (no ${r.at})`;
    case "notExists":
      return r.found ? `${a.path} exists but should not` : null;
    case "isArray":
      if (!r.found) return `${a.path} is missing (no ${r.at})`;
      return Array.isArray(r.value)
        ? null
        : `${a.path} is not an array (${r.value === null ? "null" : typeof r.value})`;
    case "equals":
      if (!r.found) return `${a.path} is missing (no ${r.at})`;
      return jsonEqual(r.value, a.value) ? null : `${a.path} is ${preview(r.value)}, expected ${preview(a.value)}`;
  }
}

/**
 * One assertion per line, as typed in the smoke-test editor: `$.token exists`, `$.items isArray`,
 * `$.status equals "ok"` (the value is JSON; anything that is not JSON is taken as a string).
 */
export function parseAssertionLine(line: string): Assertion {
  const m = /^(\$\S*)\s+(\w+)(?:\s+([\s\S]+))?$/.exec(line.trim());
  if (!m) throw new JsonPathError(`"${line.trim()}": write <path> <exists|notExists|isArray|equals> [value]`);
  const [, path, opRaw, rawValue] = m;
  const op = ASSERTION_OPS.find((o) => o.toLowerCase() === opRaw.toLowerCase());
  if (!op) throw new JsonPathError(`"${opRaw}" is not one of ${ASSERTION_OPS.join(", ")}`);
  parsePath(path);
  if (op !== "equals") {
    if (rawValue !== undefined) throw new JsonPathError(`"${op}" takes no value`);
    return { path, op };
  }
  if (rawValue === undefined) throw new JsonPathError(`"equals" needs a value, e.g. $.status equals "ok"`);
  let value: unknown;
  try {
    value = JSON.parse(rawValue);
  } catch {
    value = rawValue.trim();
  }
  return { path, op, value };
}

export function formatAssertion(a: Assertion): string {
  return a.op === "equals" ? `${a.path} equals ${JSON.stringify(a.value)}` : `${a.path} ${a.op}`;
}
