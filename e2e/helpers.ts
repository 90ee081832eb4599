import { expect, type Browser, type Page } from "@playwright/test";
import { SEED_USERS } from "../prisma/seed-users";

export function seedUser(role: string) {
  const u = SEED_USERS.find((x) => x.role === role);
  if (!u) throw new Error(`no seeded ${role}`);
  return u;
}

export async function signIn(page: Page, role: string) {
  const u = seedUser(role);
  await page.goto("/login");
  await page.getByLabel("Email").fill(u.email);
  await page.getByLabel("Password").fill(u.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toContainText(u.name);
}

export async function newSignedInPage(browser: Browser, role: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, role);
  return { context, page };
}

export async function declareIncident(page: Page, title: string, severity = "P2") {
  await page.goto("/incidents/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Severity").selectOption(severity);
  await page.getByRole("button", { name: "Declare incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/(?!new$)[a-z0-9]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  return page.url().split("/").pop()!;
}
