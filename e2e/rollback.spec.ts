import { expect, test } from "@playwright/test";
import { newSignedInPage, signIn } from "./helpers";
import { IMG, createService, currentImage, deployGoodThenBad } from "./k8s";
import { setExporterService } from "../test/prometheus/control";

test("a commander rolls back a bad deploy: plan, typed confirmation, progress to 100 %, previous image, timeline", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const ns = deployGoodThenBad("shop");
  const serviceName = `shop-${ns}`;
  await createService(serviceName, ns, ["shop"]);
  // Prometheus sees the service's traffic, healthy once the rollback is done.
  await setExporterService(process.env.E2E_EXPORTER_URL!, serviceName, { errorRatio: 0.001 });
  const { page, context } = await newSignedInPage(browser, "commander");

  await page.goto("/incidents/new");
  await page.getByLabel("Title").fill("Shop returns 500s after deploy");
  await page.getByLabel("Severity").selectOption("P1");
  await page.getByLabel("Service").selectOption({ label: serviceName });
  await page.getByRole("button", { name: "Declare incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/(?!new$)[a-z0-9]+$/);

  await page.getByRole("button", { name: "Roll back" }).click();
  await page.getByRole("button", { name: "Preview plan" }).click();
  const preview = page.getByTestId("plan-preview");
  await expect(preview).toContainText(IMG("3.10"));
  await expect(preview).toContainText(IMG("3.9"));
  await expect(preview).toContainText("Server-side dry run: accepted");

  const rollBack = page.getByRole("button", { name: "Roll back", exact: true }).last();
  await expect(rollBack).toBeDisabled();
  await page.getByLabel(/Type .* to confirm/).fill(serviceName);
  await rollBack.click();

  const action = page.getByTestId("rollback-action").first();
  await expect(action).toHaveAttribute("data-state", "succeeded", { timeout: 90_000 });
  await expect(action.getByTestId("rollback-progress")).toHaveAttribute("aria-valuenow", "100");
  expect(currentImage(ns, "shop")).toBe(IMG("3.9"));

  const timeline = page.getByTestId("timeline");
  for (const kind of ["rollback.capture", "rollback.progress", "rollback.succeeded"]) {
    await expect(timeline.locator(`li[data-kind="${kind}"]`).first()).toBeVisible();
  }
  await expect(timeline.locator('li[data-kind="rollback.succeeded"]').first()).toContainText("Cam Commander");

  // Verification runs by itself after the rollback; all green moves the incident to monitoring.
  await expect(page.getByTestId("verification-panel")).toHaveAttribute("data-outcome", "passed", { timeout: 60_000 });
  await expect(timeline.locator('li[data-kind="verify.passed"]').first()).toBeVisible();
  await page.reload();
  await expect(page.getByText("monitoring", { exact: true }).first()).toBeVisible();
  // `RCC_SCREENSHOTS=1 npm run test:e2e -- e2e/rollback.spec.ts` refreshes the README's picture.
  if (process.env.RCC_SCREENSHOTS)
    await page.screenshot({ path: "docs/screenshots/incident-rollback.png", fullPage: true });
  await context.close();
});

test("a viewer sees no Roll back button, and a forged server action call is refused", async ({ browser }) => {
  const ns = deployGoodThenBad("forge");
  const serviceName = `forge-${ns}`;
  await createService(serviceName, ns, ["forge"]);

  // The commander plans, which shows the real server action request to replay.
  const commander = await newSignedInPage(browser, "commander");
  await commander.page.goto("/incidents/new");
  await commander.page.getByLabel("Title").fill("Forged call target");
  await commander.page.getByLabel("Service").selectOption({ label: serviceName });
  await commander.page.getByRole("button", { name: "Declare incident" }).click();
  await expect(commander.page).toHaveURL(/\/incidents\/(?!new$)[a-z0-9]+$/);
  const incidentUrl = commander.page.url();
  await commander.page.getByRole("button", { name: "Roll back" }).click();
  const [request] = await Promise.all([
    commander.page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"])),
    commander.page.getByRole("button", { name: "Preview plan" }).click(),
  ]);
  await expect(commander.page.getByTestId("plan-preview")).toBeVisible();

  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await signIn(viewer, "viewer");
  await viewer.goto(incidentUrl);
  await expect(viewer.getByRole("heading", { level: 1 })).toHaveText("Forged call target");
  await expect(viewer.getByRole("button", { name: "Roll back" })).toHaveCount(0);

  // Replay the commander's exact request with the viewer's session.
  const body = request.postData()!;
  const res = await viewer.request.post(incidentUrl, {
    headers: {
      "next-action": request.headers()["next-action"],
      "content-type": request.headers()["content-type"],
      accept: "text/x-component",
    },
    data: body,
  });
  const text = await res.text();
  expect(text).toContain("Forbidden");
  expect(text).not.toContain('"ok":true');
  await commander.context.close();
  await viewerContext.close();
});
