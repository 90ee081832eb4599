import { describe, expect, it } from "vitest";
import { serviceSettingsSchema, settingsFromRow, settingsToRow, targetsOf } from "./service-settings";
import { bindingViolations, configuredKinds } from "@/lib/rollback/strategies/settings";

const row = (strategyConfig: object, deployments = ["web"]) => ({
  name: "shop",
  clusterContext: "prod",
  namespace: "shop",
  deployments,
  strategyConfig,
});

describe("service settings", () => {
  it("reads the strategy settings rows already hold (single runbook, single restore table)", () => {
    const t = targetsOf(
      row({
        database: {
          urlEnv: "RCC_SERVICE_SHOP_DB",
          runbook: {
            sql: "x",
            precheckSql: "select 1",
            expectedVersion: "1",
            verifySql: "select 1",
            expectedResult: "1",
          },
          restore: { table: "public.orders" },
        },
        dr: { context: "dr", kubeconfigEnv: "RCC_SERVICE_DR_KUBECONFIG", bridgeLine: "call 555" },
        blueGreen: { service: "web", stableColor: "blue", badColor: "green" },
      }),
    );
    expect(t.strategies.database?.runbooks).toHaveLength(1);
    expect(t.strategies.database?.restore?.tables).toEqual(["public.orders"]);
    expect(t.strategies.blueGreen?.colorLabel).toBe("color");
    expect(configuredKinds(t)).toEqual(["deployment-undo", "blue-green", "db-migration", "db-restore", "dr-failover"]);
  });

  it("offers nothing for a service with no workloads and no settings", () => {
    expect(configuredKinds(targetsOf(row({}, [])))).toEqual([]);
  });

  it("refuses a whole file entry with an unknown key, naming the field", () => {
    const r = serviceSettingsSchema.safeParse({
      name: "shop",
      strategies: { blueGreen: { service: "web", stableColor: "b", badColor: "g", colour: "x" } },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path.join(".")).toBe("strategies.blueGreen");
  });

  it("round-trips settings through a row", () => {
    const s = serviceSettingsSchema.parse({
      name: "shop",
      namespace: "shop",
      deployments: ["web"],
      healthUrl: "http://web.shop/healthz",
      strategies: { canary: { routeKind: "istio", routeName: "web", stableBackend: "s", canaryBackend: "c" } },
    });
    const back = settingsFromRow({ ...settingsToRow(s) });
    expect(back.success && back.data).toEqual(s);
  });
});

describe("rollbacks bound to the service", () => {
  const svc = targetsOf(
    row({
      canary: {
        routeKind: "gateway",
        routeName: "web",
        stableBackend: "web-stable",
        canaryBackend: "web-canary",
        canaryDeployment: "web-canary",
      },
      flags: { source: "featureflag-cr", name: "shop-flags", flagdUrl: "http://flagd.shop:8013" },
      database: { urlEnv: "RCC_SERVICE_SHOP_DB", restore: { tables: ["public.orders"] } },
      dr: { context: "dr", kubeconfigEnv: "RCC_SERVICE_DR_KUBECONFIG", pagingUrlEnv: "RCC_SERVICE_PAGING_URL" },
    }),
  );

  it("refuses another service's Deployment", () => {
    expect(bindingViolations("deployment-undo", svc, { deployment: "payments", toRevision: 0 })).toEqual([
      'Deployment "payments" is not configured for this service (configured: "web")',
    ]);
    expect(bindingViolations("deployment-undo", svc, { deployment: "web", toRevision: 0 })).toEqual([]);
  });

  it("refuses a canary route, a flag source or a flagd URL outside the configuration", () => {
    const canary = {
      routeKind: "gateway",
      routeName: "web",
      stableBackend: "web-stable",
      canaryBackend: "web-canary",
      steps: [0],
      pauseMs: 0,
      finalAction: "delete" as const,
    };
    expect(bindingViolations("canary", svc, canary)).toEqual([]);
    expect(bindingViolations("canary", svc, { ...canary, routeName: "payments" })).toHaveLength(1);
    expect(bindingViolations("canary", svc, { ...canary, canaryDeployment: "payments" })).toHaveLength(1);
    const flag = {
      source: "featureflag-cr",
      name: "shop-flags",
      flagKey: "new-checkout",
      action: "disable",
      mode: "state",
    };
    expect(bindingViolations("feature-flag", svc, flag)).toEqual([]);
    expect(bindingViolations("feature-flag", svc, { ...flag, namespace: "payments" })).toHaveLength(1);
    expect(bindingViolations("feature-flag", svc, { ...flag, flagdUrl: "http://169.254.169.254/" })).toHaveLength(1);
  });

  it("refuses a database, table or DR variable the service does not name", () => {
    const restore = {
      urlEnv: "RCC_SERVICE_SHOP_DB",
      table: "public.orders",
      backupPath: "/b/x.dump",
      lockTimeoutMs: 5000,
    };
    expect(bindingViolations("db-restore", svc, restore)).toEqual([]);
    expect(bindingViolations("db-restore", svc, { ...restore, urlEnv: "RCC_SERVICE_PAYMENTS_DB" })).toHaveLength(1);
    expect(bindingViolations("db-restore", svc, { ...restore, table: "public.users" })).toHaveLength(1);
    expect(bindingViolations("db-migration", svc, { urlEnv: "RCC_SERVICE_SHOP_DB" })).toEqual([
      "db-migration is not configured for this service",
    ]);
    const dr = {
      deployment: "web",
      steps: ["failover"],
      drContext: "dr",
      drKubeconfigEnv: "RCC_SERVICE_DR_KUBECONFIG",
      source: "primary",
      revision: "previous",
    };
    expect(bindingViolations("dr-failover", svc, dr)).toEqual([]);
    expect(bindingViolations("dr-failover", svc, { ...dr, pagingUrlEnv: "RCC_SERVICE_SHOP_DB" })).toEqual([
      'paging URL variable "RCC_SERVICE_SHOP_DB" is not configured for this service (configured: "RCC_SERVICE_PAGING_URL")',
    ]);
    expect(bindingViolations("dr-failover", svc, { ...dr, drContext: "prod" })).toHaveLength(1);
  });
});
