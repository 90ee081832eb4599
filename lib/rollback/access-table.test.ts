import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { accessSwitches, accessTable, policyRules, RBAC_RULES_FILE, rbacRulesFile } from "./access-table";
import { STRATEGY_SETTINGS } from "./strategies/settings";

const committed = () => readFileSync(path.join(import.meta.dirname, "../..", RBAC_RULES_FILE), "utf8");

describe("access table", () => {
  it("is what the chart holds: run `npm run gen:rbac` after changing a strategy's access()", () => {
    expect(committed()).toBe(rbacRulesFile());
  });

  it("has no wildcard in any group, resource or verb, and the chart file has none either", () => {
    for (const r of accessTable()) {
      for (const s of [r.group, r.resource, ...r.verbs.map((v) => v.verb)]) expect(s).not.toContain("*");
    }
    const doc = parse(committed()) as Record<string, unknown>;
    expect(JSON.stringify(doc)).not.toContain("*");
  });

  it("holds every row every strategy declares, with who needs it and why", () => {
    const ns = { name: "s", clusterContext: "c", namespace: "n", deployments: ["web"], strategies: {} };
    const rows = accessTable();
    for (const r of STRATEGY_SETTINGS["deployment-undo"].access(ns))
      for (const verb of r.verbs) {
        const res = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
        const row = rows.find((x) => x.group === r.group && x.resource === res && x.scope === "namespaced");
        const v = row?.verbs.find((x) => x.verb === verb);
        expect(v?.by).toContain("deployment-undo");
        expect(v?.why).toContain(r.why);
      }
    // Both canary route kinds and both flag source kinds are in.
    const groups = rows.map((r) => `${r.group}/${r.resource}`);
    expect(groups).toEqual(
      expect.arrayContaining([
        "networking.istio.io/virtualservices",
        "gateway.networking.k8s.io/httproutes",
        "core.openfeature.dev/featureflags",
        "/configmaps",
      ]),
    );
  });

  it("grants secrets only behind a switch that is documented in values.yaml and off by default", () => {
    const secrets = accessTable().filter((r) => r.resource === "secrets");
    expect(secrets.length).toBeGreaterThan(0);
    for (const r of secrets) expect(r.switch).toBe("helmReleases");
    // The change recorder reads Helm's release records: list and watch, in the services' namespaces.
    const recorder = secrets.flatMap((r) =>
      r.verbs.filter((v) => v.by.includes("changes")).map((v) => [r.scope, v.verb]),
    );
    expect(recorder).toEqual([
      ["namespaced", "list"],
      ["namespaced", "watch"],
    ]);
    for (const scope of ["namespaced", "cluster"] as const) {
      expect(policyRules(scope).some((p) => p.resources.includes("secrets"))).toBe(false);
      expect(policyRules(scope, { helmReleases: true }).some((p) => p.resources.includes("secrets"))).toBe(true);
    }
    const values = parse(
      readFileSync(path.join(import.meta.dirname, "../../charts/rollback-command-center/values.yaml"), "utf8"),
    ) as { rbac: Record<string, unknown> };
    for (const sw of accessSwitches()) expect(values.rbac[sw]).toBe(false);
  });

  it("puts cluster-scoped rows (namespaces, access reviews) only into the ClusterRole", () => {
    const role = policyRules("namespaced");
    expect(role.some((p) => p.resources.includes("namespaces"))).toBe(false);
    expect(role.some((p) => p.resources.includes("selfsubjectaccessreviews"))).toBe(false);
    const cluster = policyRules("cluster");
    expect(cluster.find((p) => p.resources[0] === "namespaces")?.verbs).toEqual(["get", "list"]);
    // One rule per group/resource: the namespaced and cluster deployments rows merged.
    const deployments = cluster.filter((p) => p.apiGroups[0] === "apps" && p.resources[0] === "deployments");
    expect(deployments).toHaveLength(1);
  });
});
