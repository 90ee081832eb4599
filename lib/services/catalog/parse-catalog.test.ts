import { describe, expect, it } from "vitest";
import { serviceSettingsSchema } from "@/lib/services/service-settings";
import { catalogEntry, catalogYaml } from "./export-catalog";
import { parseCatalog, type ParsedCatalog } from "./parse-catalog";

const HEAD = "apiVersion: rollback-command-center.io/v1\nkind: ServiceCatalog\n";

function errorsOf(r: ParsedCatalog) {
  if (r.ok) throw new Error("expected the catalog to be refused");
  return r.errors;
}

describe("parseCatalog", () => {
  it("reads services with schema defaults filled in", () => {
    const r = parseCatalog(`${HEAD}services:\n  - name: checkout\n    namespace: shop\n    deployments: [checkout]\n`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.services).toHaveLength(1);
    expect(r.services[0]).toMatchObject({
      name: "checkout",
      namespace: "shop",
      deployments: ["checkout"],
      clusterContext: "default",
      triggerPolicy: "notify",
    });
    expect(r.services[0].triggerConfig.errorRate.threshold).toBe(0.05);
    expect(r.lines).toEqual({ checkout: 4 });
  });

  it("names the service, the dotted field and the field's line for each invalid value", () => {
    const text = [
      HEAD.trimEnd(),
      "services:",
      "  - name: checkout",
      "    deployments: [checkout]",
      "  - name: payments",
      "    namespace: Not_A_Namespace",
      "    triggerConfig:",
      "      errorRate:",
      "        threshold: 5",
      "    deployments:",
      "      - api",
      "      - 42",
      "    colour: blue",
      "",
    ].join("\n");
    const errors = errorsOf(parseCatalog(text));
    expect(errors).toEqual([
      expect.objectContaining({ service: "payments", field: "namespace", line: 7 }),
      expect.objectContaining({ service: "payments", field: "triggerConfig.errorRate.threshold", line: 10 }),
      expect.objectContaining({ service: "payments", field: "deployments[1]", line: 13 }),
      { service: "payments", field: "colour", line: 14, message: 'unknown field "colour"' },
    ]);
  });

  it("says a missing required field is required, at its entry's nearest line", () => {
    const text = `${HEAD}services:\n  - name: shop\n    strategies:\n      blueGreen:\n        service: shop\n        stableColor: blue\n`;
    const errors = errorsOf(parseCatalog(text));
    expect(errors).toEqual([
      { service: "shop", field: "strategies.blueGreen.badColor", line: 6, message: "is required" },
    ]);
  });

  it("gives a YAML syntax error its line", () => {
    const errors = errorsOf(parseCatalog(`${HEAD}services:\n  - name: checkout\n    deployments: [checkout\n`));
    expect(errors).toHaveLength(1);
    expect(errors[0].field).toBe("");
    expect(errors[0].line).toBeGreaterThanOrEqual(5);
    expect(errors[0].message).toMatch(/^YAML: /);
    const dupKey = errorsOf(parseCatalog(`${HEAD}services:\n  - name: a\n    namespace: x\n    namespace: y\n`));
    expect(dupKey[0]).toMatchObject({ line: 6, message: expect.stringMatching(/unique/) });
  });

  it("refuses duplicate service names, pointing at the second and naming the first's line", () => {
    const errors = errorsOf(parseCatalog(`${HEAD}services:\n  - name: checkout\n  - name: cart\n  - name: checkout\n`));
    expect(errors).toEqual([
      { service: "checkout", field: "name", line: 6, message: 'duplicate service name "checkout" (first at line 4)' },
    ]);
  });

  it("refuses the whole file for one bad entry, and a wrong envelope", () => {
    expect(parseCatalog(`${HEAD}services:\n  - name: ok\n  - name: Bad Name\n`).ok).toBe(false);
    const errors = errorsOf(parseCatalog("apiVersion: v2\nkind: Catalog\nextras: 1\n"));
    expect(errors.map((e) => [e.field, e.line])).toEqual([
      ["apiVersion", 1],
      ["services", 1],
      ["kind", 2],
      ["extras", 3],
    ]);
    expect(errorsOf(parseCatalog("- just\n- a list\n"))[0].message).toMatch(/mapping/);
  });
});

describe("export → parse round-trips", () => {
  const full = serviceSettingsSchema.parse({
    name: "checkout",
    description: "Takes orders.\nSecond line: with a colon.",
    clusterContext: "prod",
    namespace: "shop",
    deployments: ["checkout", "checkout-worker"],
    healthUrl: "http://checkout.shop:8080/health",
    promQueries: { errorRate: 'sum(rate(http_requests_total{status=~"5..",service="checkout"}[1m]))' },
    triggerPolicy: "auto",
    triggerConfig: { rateWindowSec: 30, errorRate: { threshold: 0.1 } },
    needsSecondApprover: true,
    rolloutTimeoutSec: 120,
    strategies: {
      blueGreen: { service: "checkout", stableColor: "blue", badColor: "green" },
      flags: [{ name: "shop-flags" }, { source: "configmap", name: "flags", namespace: "cfg" }],
    },
  });
  const minimal = serviceSettingsSchema.parse({ name: "cart" });

  it("gives back identical settings", () => {
    const r = parseCatalog(catalogYaml([full, minimal]));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.services).toEqual([minimal, full]); // sorted by name
  });

  it("leaves schema defaults out", () => {
    expect(catalogEntry(minimal)).toEqual({ name: "cart" });
    const entry = catalogEntry(full);
    expect(entry.triggerConfig).toEqual({ rateWindowSec: 30, errorRate: { threshold: 0.1 } });
    expect(entry).not.toHaveProperty("promQueries.p95Latency");
    expect(catalogYaml([minimal])).toBe(
      "apiVersion: rollback-command-center.io/v1\nkind: ServiceCatalog\nservices:\n  - name: cart\n",
    );
  });
});

describe("a service's owning team", () => {
  it("is optional, round-trips through export, and must be a team name", () => {
    const r = parseCatalog(`${HEAD}services:\n  - name: pay\n    team: payments\n  - name: open\n`);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.services.map((s) => [s.name, s.team])).toEqual([
      ["pay", "payments"],
      ["open", undefined],
    ]);
    expect(catalogYaml(r.services)).toContain("  - name: open\n  - name: pay\n    team: payments\n");
    expect(errorsOf(parseCatalog(`${HEAD}services:\n  - name: pay\n    team: "Pay Team"\n`))).toEqual([
      expect.objectContaining({ service: "pay", field: "team", line: 5 }),
    ]);
  });
});
