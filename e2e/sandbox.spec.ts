// The sandbox's whole story in a browser, over the real stack (scripts/e2e-sandbox.ts): deploy the bad
// version → the error-rate chart rises → the trigger fires → the rollback (by itself with policy
// auto; a commander's click with notify) → verification passes → the chart recovers; the timeline
// holds it all and the rollback metrics are filled.
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";
import { GOOD_IMAGE, SANDBOX, TRIGGER_PROFILES } from "../sandbox/config";
import { deploymentImage, openIncidentId, setPolicy, timeline } from "../sandbox/e2e-support";

test.skip(!process.env.SANDBOX_URL, "needs the sandbox stack: npx tsx scripts/e2e-sandbox.ts");
test.describe.configure({ mode: "serial" });

const THRESHOLD = 0.05;

/** The "Now" figure of a chart as a ratio (null while there is no data). */
async function chartNow(page: Page, signal: string): Promise<number | null> {
  const text = (await page.getByTestId(`chart-${signal}`).locator("p strong").first().textContent()) ?? "";
  const m = /([\d.]+)\s*%/.exec(text);
  return m ? Number(m[1]) / 100 : null;
}

async function expectErrorRate(page: Page, cmp: "above" | "below", timeout: number) {
  await expect
    .poll(
      async () => {
        const v = await chartNow(page, "errorRate");
        return v !== null && (cmp === "above" ? v > THRESHOLD : v < THRESHOLD);
      },
      { timeout, intervals: [1_000] },
    )
    .toBe(true);
}

/** Resolves the incident a previous run left open, through the status form as a commander would. */
async function resolveOpenIncident(page: Page) {
  const id = await openIncidentId();
  if (!id) return;
  await page.goto(`/incidents/${id}`);
  await page.locator('select[name="status"]').selectOption("resolved");
  await page.getByRole("button", { name: "Update status" }).click();
  await expect.poll(openIncidentId, { timeout: 10_000 }).toBeNull();
}

async function deployBad(page: Page, policy: "auto" | "notify") {
  await page.goto("/sandbox");
  await expect(page.getByTestId("sandbox-policy")).toHaveText(policy);
  await expect(page.getByTestId("sandbox-no-incident")).toBeVisible();
  await expectErrorRate(page, "below", 60_000);
  await page.getByTestId("sandbox-deploy-bad").click();
  await expect(page.getByTestId("sandbox-deploy-result")).toContainText(":v1.5.0-bad");
  // The demo service follows the Deployment; Prometheus scrapes it; the chart reads Prometheus.
  await expectErrorRate(page, "above", 60_000);
  // The trigger watcher opens the incident (after the rule's for-duration).
  const link = page.getByTestId("sandbox-incident").getByRole("link");
  await expect(link).toBeVisible({ timeout: 90_000 });
  await link.click();
  await expect(page).toHaveURL(/\/incidents\/[a-z0-9]+$/);
  return page.url().split("/").pop()!;
}

async function expectRecoveredStory(page: Page, incidentId: string, rolledBackBy: string) {
  const timelineList = page.getByTestId("timeline");
  const action = page.getByTestId("rollback-action").first();
  await expect(action).toHaveAttribute("data-state", "succeeded", { timeout: 120_000 });
  // The timeline tells it in entries: the rollback is one, each verification run another.
  await expect(timelineList.locator('[data-entry="verification"][data-state="passed"]').first()).toBeVisible({
    timeout: 120_000,
  });
  expect(await deploymentImage()).toBe(GOOD_IMAGE);
  await expectErrorRate(page, "below", 90_000);
  // The rule resolving closes the story on the timeline.
  await expect(timelineList.locator('li[data-kind="trigger.resolved"]').first()).toBeVisible({ timeout: 60_000 });

  const events = await timeline(incidentId);
  const kinds = events.map((e) => e.kind);
  for (const kind of [
    "incident.declared",
    "trigger.fired",
    "trigger.rollback_proposed",
    "deploy.finished",
    "rollback.succeeded",
    "verify.started",
    "verify.passed",
    "trigger.resolved",
  ]) {
    expect(kinds, `timeline has ${kind}`).toContain(kind);
  }
  expect(kinds.indexOf("trigger.fired")).toBeLessThan(kinds.indexOf("rollback.succeeded"));
  expect(kinds.indexOf("rollback.succeeded")).toBeLessThan(kinds.lastIndexOf("verify.passed"));
  const rollback = timelineList.locator('[data-entry="rollback"][data-state="succeeded"]');
  await expect(rollback).toHaveCount(1);
  await expect(rollback).toContainText(rolledBackBy);
  // Its progress grew inside that one entry: the recorded rollout ticks never go back, end with
  // every replica updated, and the entry's bar shows the end.
  type Progress = { desired: number; updated: number };
  const ticks = events
    .filter((e) => e.kind === "rollback.progress")
    .map((e) => (e.payload as { progress: Progress }).progress);
  expect(ticks.length).toBeGreaterThan(0);
  for (let i = 1; i < ticks.length; i++) expect(ticks[i].updated).toBeGreaterThanOrEqual(ticks[i - 1].updated);
  expect(ticks.at(-1)!.updated).toBe(ticks.at(-1)!.desired);
  await expect(rollback.getByTestId("timeline-rollback-progress")).toHaveAttribute("aria-valuenow", "100");

  // Rollback metrics: every duration known.
  await page.reload();
  const metrics = page.getByTestId("incident-metrics");
  for (const label of ["Time to detect", "Time to decision", "Time to roll back", "User impact"]) {
    const value = metrics.locator("dt", { hasText: label }).locator("xpath=following-sibling::dd[1]");
    await expect(value, label).not.toContainText("unknown");
  }
}

test("policy auto: a bad deploy is detected, rolled back and verified with no human step", async ({ page }) => {
  await signIn(page, "commander");
  await resolveOpenIncident(page);
  await setPolicy("auto");
  const incidentId = await deployBad(page, "auto");
  // Nobody clicks anything from here on.
  await expectRecoveredStory(page, incidentId, "auto-trigger");
  // `RCC_SCREENSHOTS=1 npx tsx scripts/e2e-sandbox.ts` refreshes the README's pictures.
  if (process.env.RCC_SCREENSHOTS) {
    await page.screenshot({ path: "docs/screenshots/sandbox-incident.png", fullPage: true });
    await page.goto("/sandbox");
    await page.locator("label", { hasText: /^5m$/ }).first().click();
    await expect(page.getByTestId("chart-errorRate").locator(".recharts-line").first()).toBeVisible();
    await page.screenshot({ path: "docs/screenshots/sandbox.png", fullPage: true });
  }
});

test("policy notify: the trigger proposes, a commander rolls back, verification passes", async ({ page }) => {
  await signIn(page, "commander");
  await resolveOpenIncident(page);
  await setPolicy("notify");
  const incidentId = await deployBad(page, "notify");
  const timelineList = page.getByTestId("timeline");
  await expect(timelineList.locator('li[data-kind="trigger.rollback_proposed"]').first()).toContainText(
    "a commander confirms it",
  );
  await expect(page.getByTestId("rollback-action")).toHaveCount(0);

  // What changed: the bad deploy, recorded by the change recorder from its ReplicaSet, is the likely
  // culprit, and "Roll back this change" opens the planner pre-filled to the revision before it.
  const culprit = page.locator('[data-testid="change"][data-culprit]');
  await expect(culprit).toHaveCount(1, { timeout: 30_000 });
  await expect(culprit).toContainText("Likely culprit");
  await expect(culprit).toContainText(":v1.5.0-bad");
  await culprit.getByRole("link", { name: /^Roll back this change/ }).click();
  await expect(page).toHaveURL(/[?&]plan=deployment-undo(&|$)/);
  const planner = page.getByRole("region", { name: "Plan a rollback" });
  await expect(planner.getByLabel("Strategy")).toHaveValue("deployment-undo");
  await expect(planner.getByLabel("To revision")).toHaveValue(/^[1-9]\d*$/);
  await planner.getByRole("button", { name: "Preview plan" }).click();
  const preview = page.getByTestId("plan-preview");
  await expect(preview).toContainText(GOOD_IMAGE);
  await expect(preview).toContainText("Server-side dry run: accepted");
  await page.getByLabel(/Type .* to confirm/).fill(SANDBOX.service);
  await page.getByRole("button", { name: "Roll back", exact: true }).last().click();

  await expectRecoveredStory(page, incidentId, "Cam Commander");

  // Time to detect is the rule's window plus its evaluation delay, measured from the bad deploy
  // (impact started), not the gap from the first breach to the rule firing.
  const metrics = page.getByTestId("incident-metrics");
  const row = (label: string) => metrics.locator("dt", { hasText: label }).locator("xpath=following-sibling::dd[1]");
  await expect(row("Impact started")).toContainText("(the deploy)");
  await expect(row("Time to detect")).toContainText("(the deploy → detection)");
  const detect = /^(?:(\d+) min )?(\d+) s/.exec((await row("Time to detect").textContent())!.trim());
  expect(detect, "time to detect in seconds").not.toBeNull();
  const detectSec = Number(detect![1] ?? 0) * 60 + Number(detect![2]);
  expect(detectSec).toBeGreaterThanOrEqual(TRIGGER_PROFILES.fast.errorRate.forSec);
});
