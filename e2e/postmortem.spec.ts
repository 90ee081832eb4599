import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { declareIncident, newSignedInPage } from "./helpers";

async function download(page: Page): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download Markdown" }).click(),
  ]);
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!, "utf8") };
}

test("the exported post-mortem contains the timeline, the metrics and the checklist; edits are saved and exported", async ({
  browser,
}) => {
  const { context, page } = await newSignedInPage(browser, "commander");
  const title = `Checkout 502s ${Date.now()}`;
  const id = await declareIncident(page, title, "P1");

  const note = `rolled back web to revision 4 at ${Date.now()}`;
  await page.getByLabel("Add a note").fill(note);
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByTestId("timeline").getByText(note)).toBeVisible();

  // A checklist item, ticked from the keyboard.
  const item = page.getByRole("checkbox", { name: "Capture logs and metrics" });
  await item.focus();
  await page.keyboard.press("Space");
  await expect(item).toBeChecked();
  await expect(page.getByTestId("timeline").getByText("Done: Capture logs and metrics")).toBeVisible();

  // Recorded metrics.
  await page.getByText("Edit recorded metrics").click();
  await page.getByLabel("Detected at (UTC)").fill("2026-03-04T10:05");
  await page.getByLabel("Decision at (UTC)").fill("2026-03-04T10:12");
  await page.getByLabel("Root-cause category", { exact: true }).selectOption("code change");
  await page.getByLabel("Data loss", { exact: true }).fill("none");
  await page.getByLabel("Amount", { exact: true }).fill("1200.50");
  await page.getByRole("button", { name: "Save metrics" }).click();
  await expect(page.getByRole("status").getByText("Saved.")).toBeVisible();
  await expect(page.getByTestId("incident-metrics")).toContainText("7 min 00 s");

  await page.getByRole("link", { name: "Post-mortem" }).click();
  await expect(page).toHaveURL(new RegExp(`/incidents/${id}/postmortem$`));
  const doc = page.getByTestId("postmortem-document");
  await expect(doc.getByRole("heading", { name: `Post-mortem: ${title}` })).toBeVisible();
  await expect(doc.getByRole("heading", { name: "Timeline" })).toBeVisible();

  const first = await download(page);
  expect(first.name).toMatch(/^postmortem-checkout-502s-\d+-[a-z0-9]+\.md$/);
  const md = first.text;
  expect(md).toContain(`# Post-mortem: ${title}`);
  expect(md).toContain("## Timeline");
  expect(md).toMatch(/\| \d\d:\d\d:\d\d \| Cam Commander \| incident\.declared \| Declared P1: /);
  expect(md).toContain(`| note | ${note} |`);
  expect(md).toContain("## Impact and metrics");
  expect(md).toContain("| Time to decision | 7 min 00 s (detection → the decision) |");
  expect(md).toContain("| Time to roll back | unknown — no completed rollback recorded |");
  expect(md).toContain("| Data loss | none |");
  expect(md).toContain("| Revenue impact | 1200.50 (entered) |");
  expect(md).toContain("| Root-cause category | code change |");
  expect(md).toContain("- ✅ Capture logs and metrics (done ");

  // Edit and save: the export is now the saved document.
  const editor = page.getByLabel("Post-mortem (Markdown)");
  const lesson = `Lesson: canary the checkout service ${Date.now()}`;
  await editor.fill(`${await editor.inputValue()}\n- ${lesson}\n`);
  await page.getByRole("button", { name: "Save post-mortem" }).click();
  await expect(page.getByRole("status")).toContainText("Saved at");
  await page.reload();
  await expect(page.getByText("Saved document")).toBeVisible();
  await expect(page.getByTestId("postmortem-document")).toContainText(lesson);
  const second = await download(page);
  expect(second.text).toContain(lesson);
  expect(second.text).toContain("## Timeline");
  await context.close();
});

test("the export refuses signed-out callers and unknown incidents", async ({ request, browser }) => {
  const anon = await request.get("/api/incidents/nope/postmortem");
  expect(anon.status()).toBe(401);
  const { context, page } = await newSignedInPage(browser, "viewer");
  const res = await page.request.get("/api/incidents/does-not-exist/postmortem");
  expect(res.status()).toBe(404);
  await context.close();
});

test("print view hides the app chrome and the editor", async ({ browser }) => {
  const { context, page } = await newSignedInPage(browser, "responder");
  const id = await declareIncident(page, `Print ${Date.now()}`);
  await page.goto(`/incidents/${id}/postmortem`);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(page.getByLabel("Post-mortem (Markdown)")).toBeHidden();
  await expect(page.getByTestId("postmortem-document")).toBeVisible();
  await context.close();
});
