// The OIDC group policy, in Argo CD's `policy.csv` style (only its `g` lines): each line maps an
// identity-provider group to a role or to a team.
//
//   # SREs command incidents and own checkout
//   g, sre, role:commander
//   g, sre, team:payments
//
// Pure and browser-safe: the admin page parses as the person types, the server on save and at each
// sign-in. @see https://argo-cd.readthedocs.io/en/stable/operator-manual/rbac/ (policy.csv, `g` lines)
import { ROLES } from "@/lib/permissions";
import type { Role } from "@/lib/generated/prisma/enums";

/** A team name: what a service's `team` accepts too (lib/services/service-settings.ts). */
export const TEAM_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export type GroupRule = { line: number; group: string } & (
  { kind: "role"; role: Role } | { kind: "team"; team: string }
);
export type PolicyError = { line: number; message: string };
export type ParsedPolicy = { ok: true; rules: GroupRule[] } | { ok: false; errors: PolicyError[] };

export const POLICY_MAX_CHARS = 100_000;

function parseLine(text: string, line: number): GroupRule | PolicyError {
  const fields = text.split(",").map((f) => f.trim());
  if (fields[0] === "p")
    return { line, message: "`p` (permission) lines are not supported: roles are fixed; map groups with `g` lines" };
  if (fields[0] !== "g") return { line, message: `expected "g, <group>, role:<role>" or "g, <group>, team:<team>"` };
  if (fields.length !== 3)
    return { line, message: `expected 3 comma-separated fields (g, group, role:… or team:…), found ${fields.length}` };
  const [, group, target] = fields;
  if (!group) return { line, message: "the group is empty" };
  if (group.length > 256) return { line, message: "the group is longer than 256 characters" };
  const m = /^(role|team):(.*)$/.exec(target);
  if (!m) return { line, message: `"${target.slice(0, 80)}" must start with role: or team:` };
  const [, kind, value] = m;
  if (kind === "role") {
    if (!(ROLES as readonly string[]).includes(value))
      return { line, message: `unknown role "${value.slice(0, 40)}" (roles: ${ROLES.join(", ")})` };
    return { line, group, kind: "role", role: value as Role };
  }
  if (!TEAM_PATTERN.test(value) || value.length > 63)
    return {
      line,
      message: `team "${value.slice(0, 63)}" must be lower-case letters, digits and '-', starting and ending with a letter or digit`,
    };
  return { line, group, kind: "team", team: value };
}

/** Every error with its line number (1-based), or the rules; blank lines and `#` comments are skipped. */
export function parseGroupPolicy(text: string): ParsedPolicy {
  if (text.length > POLICY_MAX_CHARS)
    return { ok: false, errors: [{ line: 1, message: `the policy is longer than ${POLICY_MAX_CHARS} characters` }] };
  const rules: GroupRule[] = [];
  const errors: PolicyError[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const r = parseLine(trimmed, i + 1);
    if ("message" in r) errors.push(r);
    else rules.push(r);
  });
  return errors.length ? { ok: false, errors } : { ok: true, rules };
}

/**
 * Roles from least to most: a user whose groups map to several gets the last. responder and comms
 * grant different things; a user in both gets comms (the narrower incident powers) — map such a
 * group to commander explicitly if both are meant.
 */
export const ROLE_RANK: readonly Role[] = ["viewer", "responder", "comms", "commander", "admin"];

export type ResolvedAccess = { role: Role; teams: string[]; matchedGroups: string[] };

/** The role (highest mapped, else `defaultRole`) and teams (sorted, unique) a user's groups give. */
export function resolveGroups(
  rules: readonly GroupRule[],
  groups: readonly string[],
  defaultRole: Role,
): ResolvedAccess {
  const mine = new Set(groups);
  let best = -1;
  const teams = new Set<string>();
  const matched = new Set<string>();
  for (const r of rules) {
    // Group names compare exactly, as the provider sends them (Argo CD does the same).
    if (!mine.has(r.group)) continue;
    matched.add(r.group);
    if (r.kind === "team") teams.add(r.team);
    else best = Math.max(best, ROLE_RANK.indexOf(r.role));
  }
  return {
    role: best >= 0 ? ROLE_RANK[best] : defaultRole,
    teams: [...teams].sort(),
    matchedGroups: [...matched].sort(),
  };
}

/** The `groups` claim of an ID token: an array of strings, or a single string; anything else is none. */
export function groupsClaim(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) return [];
  return value.filter((g): g is string => typeof g === "string" && g.length > 0 && g.length <= 256);
}
