import { describe, expect, it } from "vitest";
import { groupsClaim, parseGroupPolicy, resolveGroups, type GroupRule } from "@/lib/auth/group-policy";
import { inOwningTeam } from "@/lib/permissions";

function rules(text: string): GroupRule[] {
  const p = parseGroupPolicy(text);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return p.rules;
}

describe("parseGroupPolicy", () => {
  it("reads g lines for roles and teams, skipping comments and blank lines", () => {
    const p = parseGroupPolicy(
      ["# SREs", "", "g, sre, role:commander", "  g,sre,team:payments  ", "g, Support Staff, role:comms", "\r"].join(
        "\n",
      ),
    );
    expect(p).toEqual({
      ok: true,
      rules: [
        { line: 3, group: "sre", kind: "role", role: "commander" },
        { line: 4, group: "sre", kind: "team", team: "payments" },
        { line: 5, group: "Support Staff", kind: "role", role: "comms" },
      ],
    });
  });

  it("reports every bad line with its number and why", () => {
    const p = parseGroupPolicy(
      [
        "g, sre, role:commander",
        "g, ops, role:superuser",
        "p, role:x, applications, get, */*, allow",
        "g, , role:viewer",
        "g, ops, team:Payments Team",
        "g, ops",
        "x, ops, role:viewer",
        "g, ops, commander",
      ].join("\n"),
    );
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(p.errors[0].message).toContain('unknown role "superuser"');
    expect(p.errors[1].message).toContain("`p` (permission) lines are not supported");
    expect(p.errors[2].message).toBe("the group is empty");
    expect(p.errors[3].message).toContain("lower-case letters");
    expect(p.errors[4].message).toContain("found 2");
    expect(p.errors[6].message).toContain("must start with role: or team:");
  });

  it("an empty policy has no rules", () => {
    expect(parseGroupPolicy("")).toEqual({ ok: true, rules: [] });
    expect(parseGroupPolicy("# nothing yet\n\n")).toEqual({ ok: true, rules: [] });
  });
});

describe("resolveGroups", () => {
  const policy = rules(
    [
      "g, sre, role:commander",
      "g, sre, team:payments",
      "g, support, role:comms",
      "g, oncall, role:responder",
      "g, platform, role:admin",
      "g, search-devs, team:search",
    ].join("\n"),
  );

  it("gives the highest role the groups map to, and every mapped team", () => {
    expect(resolveGroups(policy, ["support", "sre", "search-devs"], "viewer")).toEqual({
      role: "commander",
      teams: ["payments", "search"],
      matchedGroups: ["search-devs", "sre", "support"],
    });
    expect(resolveGroups(policy, ["oncall", "platform"], "viewer").role).toBe("admin");
    // responder and comms: comms ranks higher (documented in ROLE_RANK)
    expect(resolveGroups(policy, ["oncall", "support"], "viewer").role).toBe("comms");
  });

  it("falls back to the default role when no group maps to a role; teams alone still count", () => {
    expect(resolveGroups(policy, ["search-devs"], "responder")).toEqual({
      role: "responder",
      teams: ["search"],
      matchedGroups: ["search-devs"],
    });
    expect(resolveGroups(policy, [], "viewer")).toEqual({ role: "viewer", teams: [], matchedGroups: [] });
  });

  it("compares group names exactly", () => {
    expect(resolveGroups(policy, ["SRE", "sre "], "viewer").role).toBe("viewer");
  });
});

describe("groupsClaim", () => {
  it("accepts an array of strings or one string, and ignores anything else", () => {
    expect(groupsClaim(["a", 1, "", "b"])).toEqual(["a", "b"]);
    expect(groupsClaim("sre")).toEqual(["sre"]);
    expect(groupsClaim(undefined)).toEqual([]);
    expect(groupsClaim({ sre: true })).toEqual([]);
  });
});

describe("inOwningTeam", () => {
  it("limits a team's service to its members, never admins, and leaves unowned services open", () => {
    expect(inOwningTeam({ role: "commander", teams: ["search"] }, "payments")).toBe(false);
    expect(inOwningTeam({ role: "commander", teams: ["payments"] }, "payments")).toBe(true);
    expect(inOwningTeam({ role: "admin", teams: [] }, "payments")).toBe(true);
    expect(inOwningTeam({ role: "commander", teams: [] }, null)).toBe(true);
  });
});
