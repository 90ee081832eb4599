// The incident room's header: what a commander reads at a glance, kept in view while scrolling,
// and live: a status changed elsewhere moves the badge and the picker together, the clock stops at
// the resolution, and the main action opens the rollback planner.
import { expect, test } from "@playwright/test";
import { declareIncident, newSignedInPage, signIn } from "./helpers";

test("the header stays in view, follows live status changes with the picker, and opens the planner", async ({
  browser,
}) => {
  const { context, page } = await newSignedInPage(browser, "commander");
  const title = `Incident room header ${Date.now().toString(36)}`;
  await page.goto("/incidents/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Severity").selectOption("P1");
  await page.getByLabel("Service").selectOption({ label: "checkout" });
  await page.getByRole("button", { name: "Declare incident" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  const id = page.url().split("/").pop()!;

  const header = page.getByTestId("incident-header");
  await expect(header.getByTestId("incident-status")).toHaveText("investigating");
  await expect(header).toContainText("P1");
  await expect(header.getByTestId("incident-service")).toHaveText("checkout");
  await expect(header.getByTestId("incident-owner")).toHaveText("Cam Commander");
  await expect(header.getByTestId("rollback-state")).toHaveText("No rollback");

  // A live clock: hh:mm:ss, and it moves.
  const clock = header.getByTestId("detection-clock");
  await expect(clock).toHaveText(/^\d\d:\d\d:\d\d$/);
  const first = await clock.textContent();
  await expect(clock).not.toHaveText(first!);
  await expect(clock).toHaveAttribute("data-stopped", "false");

  // Sticky: scrolled to the bottom of the page, the header is still at the top of the viewport.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  await expect(header).toBeInViewport();
  expect((await header.boundingBox())!.y).toBeLessThanOrEqual(1);

  // Another commander changes the status: the badge and the picker follow, without a reload.
  const other = await newSignedInPage(browser, "admin");
  await other.page.goto(`/incidents/${id}`);
  await other.page.getByTestId("status-picker").selectOption("identified");
  await other.page.getByRole("button", { name: "Update status" }).click();
  await expect(other.page.getByTestId("incident-status")).toHaveText("identified");
  await expect(header.getByTestId("incident-status")).toHaveText("identified");
  await expect(page.getByTestId("status-picker")).toHaveValue("identified");

  // Resolved elsewhere: the clock stops.
  await other.page.getByTestId("status-picker").selectOption("resolved");
  await other.page.getByRole("button", { name: "Update status" }).click();
  await expect(header.getByTestId("incident-status")).toHaveText("resolved");
  await expect(page.getByTestId("status-picker")).toHaveValue("resolved");
  await expect(clock).toHaveAttribute("data-stopped", "true");
  await expect(clock).toHaveAccessibleName("Time from detection to resolution");
  await other.context.close();

  // The main action opens the planner and puts the keyboard in it.
  await header.getByRole("link", { name: "Plan a rollback" }).click();
  const planner = page.getByRole("region", { name: "Plan a rollback" });
  await expect(planner).toBeVisible();
  await expect(planner.getByLabel("Strategy")).toBeFocused();
  await context.close();
});

test("a viewer's header has no rollback action", async ({ browser }) => {
  const commander = await newSignedInPage(browser, "commander");
  const id = await declareIncident(commander.page, `Viewer header ${Date.now().toString(36)}`);
  await commander.context.close();
  const { context, page } = await newSignedInPage(browser, "viewer");
  await page.goto(`/incidents/${id}`);
  await expect(page.getByTestId("incident-header").getByTestId("incident-status")).toHaveText("investigating");
  await expect(page.getByRole("link", { name: "Plan a rollback" })).toHaveCount(0);
  await context.close();
});

test("the commander's keys work outside text fields, and ? lists them in a modal dialog", async ({ browser }) => {
  const { context, page } = await newSignedInPage(browser, "commander");
  const title = `Incident room keys ${Date.now().toString(36)}`;
  await page.goto("/incidents/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Service").selectOption({ label: "checkout" });
  await page.getByRole("button", { name: "Declare incident" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);

  // n: the note's text. Typing there is typing: "p" and "?" are letters in the note, not shortcuts.
  await page.locator("body").press("n");
  const note = page.getByLabel("Add a note");
  await expect(note).toBeFocused();
  await page.keyboard.type("p?t");
  await expect(note).toHaveValue("p?t");
  await expect(page.getByRole("region", { name: "Plan a rollback" })).toHaveCount(0);
  await expect(page.getByRole("dialog")).toHaveCount(0);

  // s: the status picker; keys pressed on a select are the select's.
  await note.blur();
  await page.keyboard.press("s");
  await expect(page.getByTestId("status-picker")).toBeFocused();
  await page.getByTestId("status-picker").blur();

  // t and c: the timeline and the comms card, announced by their headings.
  await page.keyboard.press("t");
  await expect(page.locator("section:has(> header h2:text-is('Timeline'))")).toBeFocused();
  await page.keyboard.press("c");
  await expect(page.locator("section:has(> header h2:text-is('Communications'))")).toBeFocused();

  // p: the planner, with the keyboard in it.
  await page.keyboard.press("p");
  const planner = page.getByRole("region", { name: "Plan a rollback" });
  await expect(planner.getByLabel("Strategy")).toBeFocused();
  await planner.getByRole("button", { name: "Close" }).click();

  // ?: the overlay. Focus starts inside, stays inside, Esc closes it and focus returns.
  const opener = page.getByRole("button", { name: "Shortcuts" });
  await opener.focus();
  await page.keyboard.press("Shift+?");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute("aria-modal", "true");
  await expect(dialog.getByTestId("shortcut-list")).toContainText("Plan a rollback");
  await expect(dialog.getByTestId("shortcut-list")).toContainText("Go to the incidents list");
  await expect(dialog.getByRole("button", { name: "Close" })).toBeFocused();
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press("Tab");
    // The page behind is inert: focus is in the dialog or has left for the browser's own chrome.
    expect(
      await page.evaluate(
        () =>
          !document.activeElement ||
          document.activeElement === document.body ||
          !!document.activeElement.closest("dialog"),
      ),
    ).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  // g i: the incidents list.
  await page.keyboard.press("g");
  await page.keyboard.press("i");
  await expect(page).toHaveURL(/\/incidents$/);
  await context.close();
});

test("a viewer's shortcuts are only the ones a viewer can use", async ({ browser }) => {
  const commander = await newSignedInPage(browser, "commander");
  const id = await declareIncident(commander.page, `Viewer keys ${Date.now().toString(36)}`);
  await commander.context.close();
  const { context, page } = await newSignedInPage(browser, "viewer");
  await page.goto(`/incidents/${id}`);
  await page.getByRole("button", { name: "Shortcuts" }).click();
  const list = page.getByRole("dialog", { name: "Keyboard shortcuts" }).getByTestId("shortcut-list");
  await expect(list).toContainText("Go to the timeline");
  await expect(list).not.toContainText("Plan a rollback");
  await expect(list).not.toContainText("Add a note");
  await context.close();
});

test("on a phone the navigation folds behind a Menu button that works from the keyboard", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await signIn(page, "commander");
  const nav = page.getByRole("navigation", { name: "Main" });
  const menu = nav.getByRole("button", { name: "Menu" });
  await expect(menu).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav.getByRole("link", { name: "Services" })).toBeHidden();
  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav.getByRole("link", { name: "Services" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(nav.getByRole("link", { name: "Services" })).toBeHidden();
  await expect(menu).toBeFocused();
  await menu.click();
  await nav.getByRole("link", { name: "Services" }).click();
  await expect(page).toHaveURL(/\/services$/);
  await expect(nav.getByRole("link", { name: "Services" })).toBeHidden();
  // Nothing runs off the side of the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await context.close();
});
