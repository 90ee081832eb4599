import { expect, test, type Page } from "@playwright/test";
import { newSignedInPage, signIn } from "./helpers";
import { IMG, createService, currentImage, deployGoodThenBad } from "./k8s";
import { setExporterService } from "../test/prometheus/control";

type EntrySample = { entries: number; state: string | null; pct: number | null; events: number };

/** Keeps every state the timeline's rollback entry goes through (a poll could miss a quick one). */
async function recordRollbackEntry(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __rccEntry: EntrySample[] };
    const read = (): EntrySample => {
      const all = document.querySelectorAll('[data-testid="timeline"] [data-entry="rollback"]');
      const bar = all[0]?.querySelector('[data-testid="timeline-rollback-progress"]');
      const pct = bar?.getAttribute("aria-valuenow");
      const shown = all[0]?.querySelector("button[aria-expanded]")?.textContent?.match(/\d+/)?.[0];
      return {
        entries: all.length,
        state: all[0]?.getAttribute("data-state") ?? null,
        pct: pct ? Number(pct) : null,
        events: shown ? Number(shown) : 0,
      };
    };
    w.__rccEntry = [read()];
    new MutationObserver(() => {
      const s = read();
      const last = w.__rccEntry.at(-1)!;
      if (s.entries !== last.entries || s.state !== last.state || s.pct !== last.pct || s.events !== last.events)
        w.__rccEntry.push(s);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}
const recordedRollbackEntry = (page: Page) =>
  page.evaluate(() => (window as unknown as { __rccEntry: EntrySample[] }).__rccEntry);

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

  // The plan is already the rollback's one timeline entry; it grows from here.
  const timeline = page.getByTestId("timeline");
  const entry = timeline.locator('[data-entry="rollback"]');
  await expect(entry).toHaveCount(1);
  await expect(entry).toHaveAttribute("data-state", "planned");
  await recordRollbackEntry(page);

  const rollBack = page.getByRole("button", { name: "Roll back", exact: true }).last();
  await expect(rollBack).toBeDisabled();
  await page.getByLabel(/Type .* to confirm/).fill(serviceName);
  await rollBack.click();

  const action = page.getByTestId("rollback-action").first();
  await expect(action).toHaveAttribute("data-state", "succeeded", { timeout: 90_000 });
  await expect(action.getByTestId("rollback-progress")).toHaveAttribute("aria-valuenow", "100");
  expect(currentImage(ns, "shop")).toBe(IMG("3.9"));

  // On the timeline the rollback stayed ONE entry while it ran, its state and progress only growing.
  await expect(entry).toHaveAttribute("data-state", "succeeded");
  await expect(entry.getByTestId("timeline-rollback-progress")).toHaveAttribute("aria-valuenow", "100");
  await expect(entry).toContainText(`Rollback · deployment-undo of `);
  await expect(entry).toContainText(`deployment/shop`);
  await expect(entry.locator('[data-step="rollout"]')).toHaveAttribute("data-step-state", "succeeded");
  const seen = await recordedRollbackEntry(page);
  expect(Math.max(...seen.map((s) => s.entries)), "rollback entries on the timeline at any moment").toBe(1);
  const states = seen.map((s) => s.state).filter((s, i, all) => s !== all[i - 1]);
  expect(states[0]).toBe("planned");
  expect(states.at(-1)).toBe("succeeded");
  expect(states).toContain("running");
  // It grew: the same entry took in each new row of the run (planned first, then every step).
  const counts = seen.map((s) => s.events);
  expect(counts[0]).toBe(1);
  expect(
    counts.every((n, i) => i === 0 || n >= counts[i - 1]),
    `rows in the entry: ${counts.join(", ")}`,
  ).toBe(true);
  // Its bar only moves forward and ends full. (kwok readies pods at once, so the rollout may be
  // done by the first progress row the page renders: intermediate values are reported, not required.)
  const pcts = seen.map((s) => s.pct).filter((p): p is number => p !== null);
  test.info().annotations.push({ type: "progress", description: `progress seen: ${pcts.join(", ")}` });
  expect(pcts.at(-1)).toBe(100);
  expect(
    pcts.every((p, i) => i === 0 || p >= pcts[i - 1]),
    `progress seen: ${pcts.join(", ")}`,
  ).toBe(true);

  // Its raw rows, from the keyboard.
  const expand = entry.getByRole("button", { name: /Show its \d+ events/ });
  await expect(expand).toHaveAttribute("aria-expanded", "false");
  await expand.focus();
  await page.keyboard.press("Enter");
  await expect(entry.getByRole("button", { name: /Hide its \d+ events/ })).toHaveAttribute("aria-expanded", "true");
  await expect(entry.locator('li[data-kind="rollback.progress"]').first()).toBeVisible();

  // Verification runs by itself after the rollback; all green moves the incident to monitoring.
  await expect(page.getByTestId("verification-panel")).toHaveAttribute("data-outcome", "passed", { timeout: 60_000 });
  await expect(timeline.locator('[data-entry="verification"]')).toHaveAttribute("data-state", "passed");

  // Every event, one click away.
  await page.getByRole("switch", { name: "Show all events" }).click();
  await expect(timeline).toHaveAttribute("data-view", "all");
  for (const kind of ["rollback.capture", "rollback.progress", "rollback.succeeded", "verify.passed"]) {
    await expect(timeline.locator(`li[data-kind="${kind}"]`).first()).toBeVisible();
  }
  await expect(timeline.locator('li[data-kind="rollback.succeeded"]').first()).toContainText("Cam Commander");
  // Nothing lost: the entry held every row of the run the full list shows.
  const runRows = await timeline.locator('li[data-kind^="rollback."]').count();
  expect(Math.max(...counts)).toBe(runRows);
  test.info().annotations.push({
    type: "progress rows",
    description: `${await timeline.locator('li[data-kind="rollback.progress"]').count()} rollback.progress rows`,
  });
  await page.reload();
  await expect(page.getByText("monitoring", { exact: true }).first()).toBeVisible();
  // `RCC_SCREENSHOTS=1 npm run test:e2e -- e2e/rollback.spec.ts` refreshes the README's picture.
  if (process.env.RCC_SCREENSHOTS) {
    // From the top: the sticky header would otherwise be drawn over the cards at the scrolled place.
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(page.getByTestId("chart-errorRate")).toBeVisible(); // the charts, not "Loading charts…"
    await page.screenshot({ path: "docs/screenshots/incident-rollback.png", fullPage: true });
  }
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
