import { describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/services/catalog/parse-catalog";
import { targetsOf } from "@/lib/services/service-settings";
import { SETTINGS_FORMS } from "../settings-forms";
import { strategiesSettingsSchema } from "../settings-schema";
import { deploymentUndoFormModel } from "./form";
import { deploymentUndoParamsSchema } from "./params";
import { changeCauseOn, deploymentUndoSettings } from "./settings";

const service = (o: {
  deployments?: string[];
  statefulSets?: string[];
  daemonSets?: string[];
  strategyConfig?: unknown;
}) =>
  targetsOf({
    name: "shop",
    clusterContext: "prod",
    namespace: "shop",
    deployments: o.deployments ?? [],
    statefulSets: o.statefulSets,
    daemonSets: o.daemonSets,
    strategyConfig: o.strategyConfig ?? {},
  });

describe("workload undo settings", () => {
  it("is offered for a service naming any of the three kinds, and binds each name to its own kind", () => {
    const s = service({ statefulSets: ["db"], daemonSets: ["agent"] });
    expect(deploymentUndoSettings.configured(s)).toBe(true);
    expect(deploymentUndoSettings.configured(service({}))).toBe(false);
    const p = (input: unknown) => deploymentUndoParamsSchema.parse(input);
    expect(deploymentUndoSettings.violations(s, p({ deployment: "db", kind: "StatefulSet" }))).toEqual([]);
    expect(deploymentUndoSettings.violations(s, p({ deployment: "agent", kind: "DaemonSet" }))).toEqual([]);
    // A name of one kind does not open another kind's object of that name.
    expect(deploymentUndoSettings.violations(s, p({ deployment: "db", kind: "DaemonSet" }))).toEqual([
      'DaemonSet "db" is not configured for this service (configured: "agent")',
    ]);
    expect(deploymentUndoSettings.violations(s, p({ deployment: "db" }))).toEqual([
      'Deployment "db" is not configured for this service (configured: none)',
    ]);
  });

  it("asks for ControllerRevision and the kind's own access only where the service names that kind", () => {
    const rows = (s: ReturnType<typeof service>) =>
      deploymentUndoSettings
        .access(s)
        .map((r) => `${r.resource}${r.subresource ? `/${r.subresource}` : ""}:${r.verbs.join(",")}`);
    expect(rows(service({ deployments: ["web"] }))).toEqual([
      "deployments:get,patch,watch",
      "replicasets:list",
      "pods:list",
      "pods/log:get",
    ]);
    expect(rows(service({ statefulSets: ["db"] }))).toEqual([
      "controllerrevisions:list",
      "statefulsets:get,patch,watch",
      // The stuck-pod step (lib/rollback/stuck-pods.ts), behind the chart's rbac.stuckPodDeletion.
      "pods:list,delete",
    ]);
    expect(rows(service({ deployments: ["web"], daemonSets: ["agent"] }))).toContain("daemonsets:get,patch,watch");
  });

  it("form: opens on the first workload, and names the kind only when it is not a Deployment", () => {
    const s = service({ statefulSets: ["db"], daemonSets: ["agent"] });
    const v = deploymentUndoFormModel.initial(s);
    expect(deploymentUndoParamsSchema.parse(deploymentUndoFormModel.params(v, s))).toEqual({
      deployment: "db",
      kind: "StatefulSet",
      toRevision: 0,
    });
    const d = service({ deployments: ["web"] });
    expect(deploymentUndoFormModel.params(deploymentUndoFormModel.initial(d), d)).toEqual({
      deployment: "web",
      toRevision: 0,
    });
  });
});

describe("workloadUndo settings (the change-cause annotation)", () => {
  it("is off unless the section says changeCause: true", () => {
    expect(changeCauseOn(service({ deployments: ["web"] }))).toBe(false);
    expect(changeCauseOn(service({ deployments: ["web"], strategyConfig: { workloadUndo: {} } }))).toBe(false);
    expect(strategiesSettingsSchema.parse({ workloadUndo: {} })).toEqual({ workloadUndo: { changeCause: false } });
    const on = service({ deployments: ["web"], strategyConfig: { workloadUndo: { changeCause: true } } });
    expect(changeCauseOn(on)).toBe(true);
  });

  it("refuses what it does not know, by path", () => {
    const bad = strategiesSettingsSchema.safeParse({ workloadUndo: { changeCause: "yes", record: true } });
    expect(bad.error?.issues.map((i) => i.path.join(".")).sort()).toEqual(["workloadUndo", "workloadUndo.changeCause"]);
    // An unreadable section configures nothing (targetsOf drops the whole strategies value).
    expect(changeCauseOn(service({ strategyConfig: { workloadUndo: { changeCause: "yes" } } }))).toBe(false);
  });

  it("reads from a catalog file, and names the field and line of a wrong value", () => {
    const head = "apiVersion: rollback-command-center.io/v1\nkind: ServiceCatalog\nservices:\n  - name: shop\n";
    const ok = parseCatalog(
      `${head}    deployments: [web]\n    strategies:\n      workloadUndo: { changeCause: true }\n`,
    );
    expect(ok.ok && ok.services[0].strategies.workloadUndo).toEqual({ changeCause: true });
    const bad = parseCatalog(
      `${head}    deployments: [web]\n    strategies:\n      workloadUndo: { changeCause: 1 }\n`,
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.errors[0]).toMatchObject({ service: "shop", field: "strategies.workloadUndo.changeCause", line: 7 });
  });

  it("the editor's section starts off, and what it starts with is valid", () => {
    const empty = SETTINGS_FORMS.workloadUndo.empty({
      name: "shop",
      namespace: "shop",
      clusterContext: "p",
      deployments: [],
    });
    expect(empty).toEqual({ changeCause: false });
    expect(strategiesSettingsSchema.safeParse({ workloadUndo: empty }).success).toBe(true);
  });

  it("the access rows stay the same verbs; the patch's reason names the annotation when it is on", () => {
    const off = service({ deployments: ["web"], statefulSets: ["db"] });
    const on = service({
      deployments: ["web"],
      statefulSets: ["db"],
      strategyConfig: { workloadUndo: { changeCause: true } },
    });
    const verbs = (s: typeof on) => deploymentUndoSettings.access(s).map((r) => [r.resource, r.verbs]);
    expect(verbs(on)).toEqual(verbs(off));
    const why = (s: typeof on) => deploymentUndoSettings.access(s).find((r) => r.resource === "statefulsets")!.why;
    expect(why(off)).not.toMatch(/change-cause/);
    expect(why(on)).toMatch(/kubernetes\.io\/change-cause/);
  });
});
