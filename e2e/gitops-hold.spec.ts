// A commander rolls back a StatefulSet that an Argo CD Application (a real Application object on
// the e2e cluster, automated sync with self-heal) manages: the plan warns that Argo CD would re-sync
// the bad version and offers "Hold GitOps sync" before the undo; after the rollback the StatefulSet's
// template is the previous revision, the Application's automated sync is off, and the hold is listed
// under the incident's active holds, where Release puts the sync policy back exactly. Argo CD's
// controller does not run on the e2e cluster: this shows what the dashboard writes, not Argo CD's reaction.
import { expect, test } from "@playwright/test";
import { AUTOMATED, argoApplication } from "../test/gitops/objects";
import { newSignedInPage } from "./helpers";
import {
  IMG,
  apply,
  confirmAndRollBack,
  createServiceRow,
  expectDiff,
  getJson,
  kubectl,
  namespace,
  openPlanner,
  previewPlan,
} from "./strategy-fixtures";

test.describe.configure({ timeout: 180_000 });

function statefulSet(ns: string, image: string) {
  const labels = { app: "db" };
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: {
      name: "db",
      // Argo CD's tracking id (annotation tracking, its default): Application shop-db in this namespace.
      annotations: { "argocd.argoproj.io/tracking-id": `${ns}_shop-db:apps/StatefulSet:${ns}/db` },
    },
    spec: {
      replicas: 2,
      serviceName: "db",
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "app", image }] } },
    },
  };
}

test("StatefulSet managed by Argo CD: the plan holds its sync first, and the hold is on the incident", async ({
  browser,
}) => {
  const ns = namespace("sts");
  for (const tag of ["3.9", "3.10"]) {
    apply(ns, statefulSet(ns, IMG(tag)));
    kubectl(["-n", ns, "rollout", "status", "statefulset/db", "--timeout=90s"]);
  }
  apply(ns, argoApplication("shop-db", ns, { path: "db", syncPolicy: { automated: AUTOMATED } }));
  const name = `sts-${ns}`;
  await createServiceRow({
    name,
    namespace: ns,
    deployments: [],
    statefulSets: ["db"],
    strategyConfig: { gitops: { holdable: [{ kind: "Application", namespace: ns, name: "shop-db" }] } },
  });

  const { page, context } = await newSignedInPage(browser, "commander");
  const planner = await openPlanner(page, name, "db writes fail after 3.10", "Kubernetes rollout undo");
  await expect(planner.getByRole("combobox", { name: "StatefulSet" })).toHaveValue("StatefulSet/db");
  const preview = await previewPlan(page);
  await expect(preview).toContainText(`Roll back statefulset "db" in "${ns}"`);
  const managedBy = preview.getByRole("region", { name: "Managed by" });
  await expect(managedBy).toContainText("Managed by Argo CD: a raw rollback may not stick");
  await expect(managedBy).toContainText(
    'StatefulSet db is managed by Argo CD Application "shop-db": Argo CD will re-sync the bad version within its sync interval',
  );
  const steps = preview.getByRole("region", { name: "Before the rollback" });
  const hold = steps.getByRole("checkbox", { name: `Hold GitOps sync: Argo CD Application ${ns}/shop-db` });
  await expect(hold).toBeChecked();
  await expect(steps).toContainText(
    `switch off automated sync of Argo CD Application ${ns}/shop-db (now automated {"prune":true,"selfHeal":true})`,
  );
  // Unticking says what that means; ticking again is what the commander confirms.
  await hold.uncheck();
  await expect(steps).toContainText(`Not holding: Application ${ns}/shop-db may put the bad version back`);
  await hold.check();
  await expectDiff(preview, "image app", IMG("3.10"), IMG("3.9"));
  // The preview changed nothing.
  expect(getJson(ns, "application", "shop-db").spec.syncPolicy.automated).toEqual(AUTOMATED);

  const action = await confirmAndRollBack(page, name);
  await expect(action).toContainText(`gitops-hold Application ${ns}/shop-db: succeeded`);
  await expect(action).toContainText("patch: succeeded");
  const sts = getJson(ns, "statefulset", "db");
  expect(sts.spec.template.spec.containers[0].image).toBe(IMG("3.9"));
  expect(getJson(ns, "application", "shop-db").spec.syncPolicy.automated).toBeUndefined();

  // The active holds are server-rendered: a reload shows them (a router refresh at run end was
  // dropped: through a proxy to a dying replica it turned into a hard navigation).
  await page.reload();
  const holds = page.getByRole("region", { name: /GitOps holds/ });
  await expect(holds.getByRole("heading", { name: "GitOps holds (1 active)" })).toBeVisible();
  await expect(holds).toContainText(`Application ${ns}/shop-db (${name}) held by`);
  await expect(holds).toContainText(`was automated {"prune":true,"selfHeal":true}`);
  await expect(page.getByTestId("timeline")).toContainText(`Held Argo CD Application ${ns}/shop-db`);

  await holds.getByRole("button", { name: `Release Application ${ns}/shop-db` }).click();
  await expect(page.getByRole("heading", { name: /GitOps holds/ })).toHaveCount(0);
  expect(getJson(ns, "application", "shop-db").spec.syncPolicy).toEqual({ automated: AUTOMATED });
  await context.close();
});
