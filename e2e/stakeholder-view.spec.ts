// The stakeholder view: a viewer on a phone follows the incident from what has been published and
// done, and never reads what the room writes for itself (a note, a notice still in draft).
import { expect, test } from "@playwright/test";
import { newSignedInPage, signIn } from "./helpers";

test("a viewer on a phone sees the published notice and the key events, and no internal text", async ({ browser }) => {
  const run = Date.now().toString(36);
  const NOTE = `Note only the room reads ${run}`;
  const PUBLISHED = `Payments are failing for some customers ${run}`;
  const DRAFT = `Draft not yet published ${run}`;

  const commander = await newSignedInPage(browser, "commander");
  await commander.page.goto("/incidents/new");
  await commander.page.getByLabel("Title").fill(`Stakeholder view ${run}`);
  await commander.page.getByLabel("Service").selectOption({ label: "checkout" });
  await commander.page.getByLabel("Impact").fill("Some customers cannot complete checkout.");
  await commander.page.getByRole("button", { name: "Declare incident" }).click();
  await expect(commander.page).toHaveURL(/\/incidents\/(?!new$)[a-z0-9]+$/);
  const incidentPath = new URL(commander.page.url()).pathname;
  await commander.page.getByLabel("Add a note").fill(NOTE);
  await commander.page.getByRole("button", { name: "Add note" }).click();
  await expect(commander.page.getByTestId("timeline").getByText(NOTE)).toBeVisible();
  await commander.context.close();

  // The comms lead publishes one customer update, then starts the next one and leaves it in draft.
  const comms = await newSignedInPage(browser, "comms");
  comms.page.on("dialog", (d) => void d.dismiss());
  await comms.page.goto(incidentPath);
  const panel = comms.page.getByTestId("comms-panel");
  const body = panel.getByLabel("Customer notice (markdown)");
  await body.fill(PUBLISHED);
  await expect(panel.getByTestId("customer-save-state")).toHaveText(/^Saved \d\d:\d\d:\d\d UTC$/);
  await panel.getByRole("button", { name: "Publish customer notice" }).click();
  await expect(panel.getByText(/Published v1 at/)).toBeVisible();
  await body.fill(DRAFT);
  await expect(panel.getByTestId("customer-preview")).toContainText(DRAFT);
  await expect(panel.getByTestId("customer-save-state")).toHaveText(/^Saved \d\d:\d\d:\d\d UTC$/);
  await comms.context.close();

  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await signIn(page, "viewer");
  await page.goto(incidentPath);
  await page.getByRole("link", { name: "Share stakeholder view" }).click();
  await expect(page).toHaveURL(`${incidentPath}/brief`);
  // Loaded on its own, as a shared link opens it (a client-side navigation keeps the incident page's
  // own scripts in the document).
  await page.goto(`${incidentPath}/brief`);
  const view = page.getByTestId("stakeholder-view");
  await expect(view.getByRole("heading", { level: 1 })).toHaveText(`Stakeholder view ${run}`);
  await expect(view.getByTestId("brief-status")).toHaveText("investigating");
  await expect(view).toContainText("Some customers cannot complete checkout.");
  await expect(view.getByTestId("brief-notice")).toContainText(PUBLISHED);
  await expect(view.getByTestId("brief-next-update")).toContainText("Next update due");
  await expect(view.getByTestId("brief-rollback")).toHaveText("No rollback");
  await expect(view.getByTestId("brief-verification")).toHaveText("Not verified yet");
  const highlights = view.getByTestId("brief-highlights");
  await expect(highlights).toContainText("Incident declared (P2) by Cam Commander");
  await expect(highlights).toContainText("Customer notice update 1 published by Cory Comms");

  // Nothing internal anywhere in what the server sent, and nothing off the side of the phone.
  const html = await page.content();
  expect(html).not.toContain(NOTE);
  expect(html).not.toContain(DRAFT);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // `RCC_SCREENSHOTS=1 npm run test:e2e -- e2e/stakeholder-view.spec.ts` refreshes the README's picture.
  if (process.env.RCC_SCREENSHOTS)
    await page.screenshot({ path: "docs/screenshots/stakeholder-view.png", fullPage: true });
  await context.close();
});
