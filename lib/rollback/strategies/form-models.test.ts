// Each form's values → params, checked against what the server will do with them: its strategy's
// own paramsSchema, and the service-binding check (bindingViolations) the plan action runs.
import { describe, expect, it } from "vitest";
import { targetsOf } from "@/lib/services/service-settings";
import type { StrategyKind } from ".";
import { blueGreenFormModel } from "./blue-green/form";
import { blueGreenParamsSchema } from "./blue-green/params";
import { canaryFormModel } from "./canary/form";
import { canaryParamsSchema } from "./canary/params";
import { dbMigrationFormModel } from "./db-migration/form";
import { dbMigrationParamsSchema } from "./db-migration/params";
import { dbRestoreFormModel } from "./db-restore/form";
import { dbRestoreParamsSchema } from "./db-restore/params";
import { deploymentUndoFormModel } from "./deployment-undo/form";
import { deploymentUndoParamsSchema } from "./deployment-undo/params";
import { drFailoverFormModel } from "./dr-failover/form";
import { drFailoverParamsSchema } from "./dr-failover/params";
import { featureFlagFormModel } from "./feature-flag/form";
import { featureFlagParamsSchema } from "./feature-flag/params";
import type { StrategyFormModel } from "./form-types";
import { helmRollbackFormModel } from "./helm-rollback/form";
import { helmRollbackParamsSchema } from "./helm-rollback/params";
import { bindingViolations, configuredKinds } from "./settings";

const runbook = (name: string, sql: string) => ({
  name,
  sql,
  precheckSql: "SELECT version FROM schema_migrations",
  expectedVersion: "20261101",
  verifySql: "SELECT 1",
  expectedResult: "1",
});

const targets = targetsOf({
  name: "shop",
  clusterContext: "prod",
  namespace: "shop",
  deployments: ["web", "worker"],
  strategyConfig: {
    blueGreen: { service: "web", stableColor: "blue", badColor: "green", versionUrl: "http://web.shop/version" },
    canary: {
      routeKind: "istio",
      routeName: "web",
      stableBackend: "stable",
      canaryBackend: "canary",
      canaryDeployment: "web-canary",
    },
    flags: [
      { source: "featureflag-cr", name: "shop-flags" },
      { source: "configmap", name: "flagd", namespace: "flags", configMapKey: "f.json", flagdUrl: "http://flagd:8013" },
    ],
    database: {
      urlEnv: "RCC_SERVICE_SHOP_DB",
      runbooks: [runbook("first down", "DROP TABLE a"), runbook("second down", "DROP TABLE b")],
      restore: { tables: ["public.orders", "public.items"], backupPath: "/backups/shop.dump" },
    },
    dr: { context: "dr", kubeconfigEnv: "RCC_SERVICE_DR_KUBECONFIG", pagingUrlEnv: "RCC_SERVICE_PAGING_URL" },
    helmReleases: ["shop", "shop-worker"],
  },
});

// Each kind's model and schema; every kind has a pair.
const cases = {
  "deployment-undo": [deploymentUndoFormModel, deploymentUndoParamsSchema],
  "blue-green": [blueGreenFormModel, blueGreenParamsSchema],
  canary: [canaryFormModel, canaryParamsSchema],
  "feature-flag": [featureFlagFormModel, featureFlagParamsSchema],
  "db-migration": [dbMigrationFormModel, dbMigrationParamsSchema],
  "db-restore": [dbRestoreFormModel, dbRestoreParamsSchema],
  "dr-failover": [drFailoverFormModel, drFailoverParamsSchema],
  "helm-rollback": [helmRollbackFormModel, helmRollbackParamsSchema],
} satisfies Record<StrategyKind, [object, { parse(v: unknown): unknown }]>;

/** What the server gets from a form with `patch` applied to its opening values. */
function submit<K extends StrategyKind>(kind: K, patch: Record<string, unknown> = {}) {
  const [model, schema] = cases[kind] as unknown as [
    StrategyFormModel<object, unknown>,
    { parse(v: unknown): unknown },
  ];
  const values = { ...model.initial(targets), ...patch };
  const parsed = schema.parse(model.params(values, targets));
  return { parsed, violations: bindingViolations(kind, targets, parsed) };
}

describe("strategy forms", () => {
  it("open, for every configured strategy, with params the server accepts and binds to this service", () => {
    expect(configuredKinds(targets)).toEqual(Object.keys(cases));
    for (const kind of configuredKinds(targets)) {
      if (kind === "feature-flag") continue; // needs a flag key, which only the commander knows
      expect(submit(kind).violations, kind).toEqual([]);
    }
    expect(submit("feature-flag", { flagKey: "new-checkout" }).violations).toEqual([]);
  });

  it("take the fixed values from the settings, and the picked one of several", () => {
    expect(submit("blue-green", { stableColor: "green", scaleDown: true }).parsed).toMatchObject({
      service: "web",
      colorLabel: "color",
      stableColor: "green",
      badColor: "blue",
      scaleDown: true,
      versionUrl: "http://web.shop/version",
    });
    expect(submit("feature-flag", { source: "1", flagKey: "k" }).parsed).toMatchObject({
      source: "configmap",
      name: "flagd",
      namespace: "flags",
      configMapKey: "f.json",
      flagdUrl: "http://flagd:8013",
    });
    expect(submit("db-restore", { table: "public.items" }).parsed).toMatchObject({
      urlEnv: "RCC_SERVICE_SHOP_DB",
      table: "public.items",
      backupPath: "/backups/shop.dump",
    });
    expect(submit("helm-rollback").parsed).toEqual({ release: "shop", toRevision: 0 });
    expect(submit("helm-rollback", { release: "shop-worker", toRevision: "3" }).parsed).toEqual({
      release: "shop-worker",
      toRevision: 3,
    });
    expect(submit("dr-failover", { steps: "page", deployment: "worker", replicas: "2" }).parsed).toMatchObject({
      steps: ["page"],
      deployment: "worker",
      drContext: "dr",
      drNamespace: "shop",
      replicas: 2,
      drKubeconfigEnv: "RCC_SERVICE_DR_KUBECONFIG",
      pagingUrlEnv: "RCC_SERVICE_PAGING_URL",
    });
    expect(submit("db-migration").parsed).toMatchObject({ urlEnv: "RCC_SERVICE_SHOP_DB", name: "first down" });
  });

  it("turn typed text into typed params, leaving empty optional fields to the strategy's defaults", () => {
    expect(submit("canary", { steps: "20, 5 0", pauseMs: "" }).parsed).toMatchObject({
      steps: [20, 5, 0],
      pauseMs: 30_000,
      canaryDeployment: "web-canary",
      finalAction: "scale-to-zero",
    });
    const drained = submit("canary", { removeDeployment: false, finalAction: "delete" }).parsed;
    expect(drained).toMatchObject({ canaryDeployment: undefined, finalAction: "scale-to-zero" });
    expect(submit("deployment-undo", { toRevision: "3" }).parsed).toEqual({ deployment: "web", toRevision: 3 });
    expect(submit("db-restore", { updatedAtColumn: "", lockTimeoutMs: "" }).parsed).toMatchObject({
      updatedAtColumn: undefined,
      lockTimeoutMs: 5_000,
    });
    expect(submit("dr-failover").parsed).toMatchObject({
      steps: ["failover", "dns", "page", "status-notice", "bridge"],
      revision: "previous",
    });
  });
});
