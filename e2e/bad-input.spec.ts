import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("bad input gets field errors and declares nothing", async ({ page }) => {
  await signIn(page, "commander");
  await page.goto("/incidents");
  const before = await page.locator("tbody tr").count();

  await page.goto("/incidents/new");
  await page.getByRole("button", { name: "Declare incident" }).click();
  await expect(page.locator("#field-title-error")).toHaveText("Give the incident a title.");

  await page.getByLabel("Title").evaluate((el: HTMLInputElement) => el.removeAttribute("maxlength"));
  await page.getByLabel("Title").fill("x".repeat(10_000));
  await page.getByRole("button", { name: "Declare incident" }).click();
  await expect(page.locator("#field-title-error")).toContainText("under 200 characters");

  // an unknown severity forged into the form
  await page.getByLabel("Title").fill("forged severity");
  await page.getByLabel("Severity").evaluate((el: HTMLSelectElement) => {
    el.add(new Option("P0", "P0"));
    el.value = "P0";
  });
  await page.getByRole("button", { name: "Declare incident" }).click();
  await expect(page.locator("#field-severity-error")).toHaveText("Choose a severity from P1 to P4.");

  await page.goto("/incidents");
  await expect(page.locator("tbody tr")).toHaveCount(before);
});

test("HTML and SQL in text fields are stored and shown as text, never run", async ({ page }) => {
  await signIn(page, "commander");
  const title = `<img src=x onerror="window.__pwned=1"> '; DROP TABLE "Incident"; -- ${Date.now()}`;
  await page.goto("/incidents/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Impact").fill("<script>window.__pwned=2</script>");
  await page.getByRole("button", { name: "Declare incident" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByText("<script>window.__pwned=2</script>", { exact: true })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator("img[src=x]")).toHaveCount(0);
  await page.goto("/incidents");
  await expect(page.getByRole("link", { name: title })).toBeVisible();
});
