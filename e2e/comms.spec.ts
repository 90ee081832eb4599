import { expect, test, type Page } from "@playwright/test";
import { newSignedInPage } from "./helpers";

const stamp = Date.now();
const CUSTOMER = `E2E-CUSTOMER-${stamp}`;
const INTERNAL = `E2E-INTERNAL-ONLY-${stamp}`;
const TITLE = `Checkout 502s internal-title-${stamp}`;
const XSS = [
  "<script>window.__xss = 'script'</script>",
  `<img src=x onerror="window.__xss = 'img'">`,
  "[click me](javascript:window.__xss='link')",
  `<a href="javascript:window.__xss='a'" onclick="window.__xss='onclick'">raw link</a>`,
].join("\n\n");

/** Nothing executed, and no element or attribute that could. */
async function expectInert(page: Page, scope = "main") {
  expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
  const active = await page.evaluate(
    (scope) =>
      [...document.querySelectorAll(`${scope} *`)]
        .filter(
          (el) =>
            el.tagName === "SCRIPT" ||
            el.tagName === "IMG" ||
            [...el.attributes].some((a) => a.name.startsWith("on") || /^\s*javascript:/i.test(a.value)),
        )
        .map((el) => el.outerHTML),
    scope,
  );
  expect(active).toEqual([]);
}

test("comms lead publishes a pre-filled customer notice; the public sees it, never the internal one; XSS stays inert", async ({
  browser,
}) => {
  const commander = await newSignedInPage(browser, "commander");
  await commander.page.goto("/incidents/new");
  await commander.page.getByLabel("Title").fill(TITLE);
  await commander.page.getByLabel("Service").selectOption({ label: "checkout" });
  await commander.page.getByLabel("Impact").fill("Some customers cannot complete checkout.");
  await commander.page.getByRole("button", { name: "Declare incident" }).click();
  await expect(commander.page).toHaveURL(/\/incidents\/(?!new$)[a-z0-9]+$/);
  const incidentUrl = new URL(commander.page.url()).pathname;
  await commander.context.close();

  const { context, page } = await newSignedInPage(browser, "comms");
  page.on("dialog", (d) => void d.dismiss());
  await page.goto(incidentUrl);
  const panel = page.getByTestId("comms-panel");
  await expect(panel.getByTestId("cadence-status")).toContainText("Next customer update due");

  // Pre-filled from the template and the live incident before anyone types.
  const preview = panel.getByTestId("customer-preview");
  await expect(preview).toContainText("Service Disruption Notice: checkout");
  await expect(preview).toContainText("Some customers cannot complete checkout.");
  const body = panel.getByLabel("Customer notice (markdown)");
  await expect(body).toHaveValue(/\{\{incident\.impact\}\}/);

  // Edit: a variable from the buttons, our text and hostile markup; autosave, then publish.
  await body.press("ControlOrMeta+End");
  await body.pressSequentially(`\n\n${CUSTOMER} cadence `);
  await panel
    .getByRole("button", { name: /Insert Cadence/ })
    .first()
    .click();
  await body.press("ControlOrMeta+End");
  await body.pressSequentially("\n\n");
  await body.fill(`${await body.inputValue()}${XSS}`);
  await expect(preview).toContainText(`${CUSTOMER} cadence every 30 minutes`);
  await expect(panel.getByTestId("customer-save-state")).toHaveText(/^Saved \d\d:\d\d:\d\d UTC$/);
  await expectInert(page, '[data-testid="customer-preview"]');
  await panel.getByRole("button", { name: "Publish customer notice" }).click();
  await expect(panel.getByText(/Published v1 at/)).toBeVisible();
  await expect(panel.getByRole("tab", { name: /Customer · v1/ })).toBeVisible();

  // The internal notice is published too, with a marker that must never be public.
  await panel.getByRole("tab", { name: /Internal/ }).click();
  const internalBody = panel.getByLabel("Internal notice (markdown)");
  await expect(panel.getByTestId("internal-preview")).toContainText("PRODUCTION ROLLBACK IN PROGRESS");
  await internalBody.fill(`${await internalBody.inputValue()}\n\n${INTERNAL}`);
  await expect(panel.getByTestId("internal-preview")).toContainText(INTERNAL);
  await panel.getByRole("button", { name: "Publish internal notice" }).click();
  await expect(panel.getByText(/Published v1 at/).last()).toBeVisible();
  await expect(page.getByTestId("timeline").getByText(/Published internal notice v1/)).toBeVisible();
  await context.close();

  // A signed-out browser: the status page, the feed and the JSON.
  const anon = await browser.newContext();
  const pub = await anon.newPage();
  pub.on("dialog", () => {
    throw new Error("a dialog opened on the public status page");
  });
  await pub.goto("/status");
  await expect(pub.getByTestId("status-incident").filter({ hasText: CUSTOMER })).toBeVisible();
  await expect(pub.getByText("<script>window.__xss = 'script'</script>")).toBeVisible(); // shown as text
  await expectInert(pub);
  const html = await pub.content();
  for (const secret of [INTERNAL, TITLE, "PRODUCTION ROLLBACK"]) expect(html).not.toContain(secret);

  const feed = await pub.request.get("/status/feed.xml");
  expect(feed.headers()["content-type"]).toContain("application/atom+xml");
  const xml = await feed.text();
  expect(xml).toContain(CUSTOMER);
  for (const secret of [INTERNAL, TITLE, "PRODUCTION ROLLBACK"]) expect(xml).not.toContain(secret);
  const parsed = await pub.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    if (doc.getElementsByTagName("parsererror").length) return { error: true, active: [] as string[] };
    const active: string[] = [];
    for (const c of doc.getElementsByTagName("content")) {
      const t = document.createElement("template");
      t.innerHTML = c.textContent ?? ""; // what a feed reader renders
      for (const el of t.content.querySelectorAll("*")) {
        if (
          el.tagName === "SCRIPT" ||
          el.tagName === "IMG" ||
          [...el.attributes].some((a) => a.name.startsWith("on") || /javascript:/i.test(a.value))
        )
          active.push(el.outerHTML);
      }
    }
    return { error: false, active, entries: doc.getElementsByTagName("entry").length };
  }, xml);
  expect(parsed).toMatchObject({ error: false, active: [] });

  const json = await pub.request.get("/api/status");
  const jsonText = await json.text();
  expect(jsonText).toContain(CUSTOMER);
  for (const secret of [INTERNAL, TITLE]) expect(jsonText).not.toContain(secret);
  expect(jsonText).not.toMatch(/[<>]/);
  await anon.close();
});

test("a viewer reads notices but has no editor or publish button", async ({ browser }) => {
  const commander = await newSignedInPage(browser, "commander");
  await commander.page.goto("/incidents/new");
  await commander.page.getByLabel("Title").fill(`Viewer check ${Date.now()}`);
  await commander.page.getByRole("button", { name: "Declare incident" }).click();
  await expect(commander.page).toHaveURL(/\/incidents\/(?!new$)[a-z0-9]+$/);
  const url = new URL(commander.page.url()).pathname;
  await commander.context.close();

  const { context, page } = await newSignedInPage(browser, "viewer");
  await page.goto(url);
  const panel = page.getByTestId("comms-panel");
  await expect(panel.getByTestId("customer-preview")).toContainText("Service Disruption Notice");
  await expect(panel.getByRole("button", { name: /Publish/ })).toHaveCount(0);
  await expect(panel.getByRole("textbox")).toHaveCount(0);
  await context.close();
});
