import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("the dashboard needs sign-in and the seeded commander can sign in", async ({ page }) => {
  await page.goto("/incidents");
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, "commander");
  await expect(page.getByRole("heading", { name: "Incidents" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Declare incident" })).toBeVisible();
});

test("a wrong password is refused where the person is looking", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("commander@rcc.local");
  await page.getByLabel("Password").fill("nope");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong email or password.");
});

test("the status page is public", async ({ page }) => {
  await page.goto("/status");
  await expect(page.getByRole("heading", { name: "System status" })).toBeVisible();
});

test("a viewer sees incidents but no way to change them", async ({ page }) => {
  await signIn(page, "viewer");
  await expect(page.getByRole("link", { name: "Declare incident" })).toHaveCount(0);
  await page.goto("/incidents/new");
  await expect(page.getByRole("heading", { name: "Forbidden" })).toBeVisible();
});
