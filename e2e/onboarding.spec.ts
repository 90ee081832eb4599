// The newcomer path on a dashboard with an EMPTY catalog (its own server and database, started by
// scripts/e2e.ts at E2E_EMPTY_BASE_URL; same cluster and Prometheus as the main one): an admin sees
// the onboarding panel, discovers a Deployment this spec made, creates a service from it, previews
// its PromQL with live values and saves; a commander then rolls it back from an incident, and the
// Deployment's image on the cluster goes back.
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";
import { IMG, currentImage, deployGoodThenBad } from "./k8s";
import { confirmAndRollBack, env, openPlanner, previewPlan } from "./strategy-fixtures";
import { setExporterService } from "../test/prometheus/control";

test("an admin onboards a service from discovery on an empty dashboard; a commander rolls it back", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const baseURL = env("E2E_EMPTY_BASE_URL");
  // Revision 1 runs 3.9, revision 2 (the bad deploy) 3.10: undo has somewhere to go.
  const ns = deployGoodThenBad("web");
  const serviceName = `web-${ns}`;
  // Live traffic for the service in Prometheus (the exporter is scraped every second).
  await setExporterService(env("E2E_EXPORTER_URL"), serviceName, { rps: 40, errorRatio: 0.02 });

  const adminContext = await browser.newContext({ baseURL });
  const admin = await adminContext.newPage();
  await signIn(admin, "admin");

  // An empty catalog: the home page is the onboarding panel, saying what it found.
  await admin.goto("/");
  const onboarding = admin.getByTestId("onboarding");
  await expect(onboarding).toBeVisible();
  await expect(onboarding.getByTestId("kubeconfig-summary")).toContainText(env("KUBECONFIG"));
  await expect(onboarding.getByTestId("prometheus-status")).toContainText("it answers");
  await onboarding.getByRole("link", { name: "Discover workloads" }).click();

  // Discovery lists the spec's namespace with its Deployment, image and revision.
  await expect(admin).toHaveURL(/\/admin\/services\/discover$/);
  const section = admin.locator(`[data-testid="discovered-namespace"][data-namespace="${ns}"]`);
  await expect(section).toBeVisible({ timeout: 30_000 });
  const row = section.getByTestId("workload").filter({ hasText: "web" });
  await expect(row).toContainText(IMG("3.10"));
  await expect(row.getByRole("cell").nth(3)).toHaveText("2");
  await section.getByLabel("web", { exact: true }).check();
  await section.getByRole("button", { name: `Create service from 1 selected in ${ns}` }).click();

  // The editor opens with proposeService's defaults for that workload.
  await expect(admin).toHaveURL(/\/admin\/services\/new\?/);
  const form = admin.getByRole("form", { name: "New service" });
  await expect(form.getByLabel("Name", { exact: true })).toHaveValue("web");
  await expect(form.getByLabel("Namespace", { exact: true })).toHaveValue(ns);
  await expect(form.getByLabel("Deployments (one per line)")).toHaveValue("web");
  await form.getByLabel("Name", { exact: true }).fill(serviceName);

  // The error-rate query previewed against Prometheus: a live value, once Prometheus has two scrapes.
  const preview = form.getByTestId("check-promql-errorRate");
  await expect(async () => {
    await form.getByRole("button", { name: "Preview error rate (5xx / all)" }).click();
    await expect(preview).toHaveAttribute("data-state", "ok", { timeout: 5_000 });
  }).toPass({ timeout: 60_000, intervals: [1_000, 2_000, 3_000] });
  await expect(preview).toContainText(/Current value 0\.0\d+ · 1 series/);
  await expect(preview).toContainText(`service="${serviceName}"`);
  // Another signal, from the exporter's health gauges: all passing.
  await form.getByRole("button", { name: "Preview health checks passing" }).click();
  await expect(form.getByTestId("check-promql-healthSuccess")).toContainText("Current value 1 · 1 series");

  // All checks: the cluster is reachable and the dashboard may undo the Deployment.
  await form.getByRole("button", { name: "Run checks" }).click();
  await expect(form.getByTestId("check-cluster")).toHaveAttribute("data-state", "ok", { timeout: 30_000 });
  await expect(form.getByTestId("check-cluster")).toContainText("Reachable");

  await form.getByRole("button", { name: "Create service" }).click();
  await expect(admin).toHaveURL(/\/admin\/services\/[a-z0-9]+\/edit\?created=1$/, { timeout: 30_000 });
  await expect(admin.getByRole("status").filter({ hasText: `Created ${serviceName}` })).toBeVisible();
  await admin.goto("/admin/services");
  await expect(admin.getByTestId("catalog-row").filter({ hasText: serviceName })).toContainText("edited here");
  await adminContext.close();

  // The commander declares an incident on the new service and rolls it back (typed confirmation).
  const commanderContext = await browser.newContext({ baseURL });
  const commander = await commanderContext.newPage();
  await signIn(commander, "commander");
  await openPlanner(commander, serviceName, `${serviceName} returns 500s`, "Kubernetes rollout undo");
  const plan = await previewPlan(commander);
  await expect(plan).toContainText(IMG("3.10"));
  await expect(plan).toContainText(IMG("3.9"));
  await confirmAndRollBack(commander, serviceName);
  expect(currentImage(ns, "web")).toBe(IMG("3.9"));
  await commanderContext.close();
});
