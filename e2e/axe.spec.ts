// axe-core in Chromium on the pages people land on mid-incident: the incident page (as its
// commander), the stakeholder view (as a viewer, on a phone) and the public status page. Serious
// and critical violations fail the test, each listed with the elements it found.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { declareIncident, newSignedInPage, signIn } from "./helpers";

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("no serious or critical axe violation on the incident page, the stakeholder view and /status", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { context, page } = await newSignedInPage(browser, "commander");
  const id = await declareIncident(page, `Accessible incident ${Date.now().toString(36)}`, "P1");
  await expect(page.getByTestId("timeline-connection")).toHaveText("● Live");
  expect(await seriousViolations(page)).toEqual([]);
  // The shortcuts overlay, open.
  await page.getByRole("button", { name: "Shortcuts" }).click();
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await context.close();

  const viewer = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const phone = await viewer.newPage();
  await signIn(phone, "viewer");
  await phone.goto(`/incidents/${id}/brief`);
  await expect(phone.getByTestId("stakeholder-view")).toBeVisible();
  expect(await seriousViolations(phone)).toEqual([]);
  await viewer.close();

  const anon = await browser.newContext();
  const pub = await anon.newPage();
  await pub.goto("/status");
  await expect(pub.getByRole("heading", { name: "System status" })).toBeVisible();
  expect(await seriousViolations(pub)).toEqual([]);
  await anon.close();
});
