import { expect, test } from "@playwright/test";
import { declareIncident, newSignedInPage, seedUser, signIn } from "./helpers";

test("the dashboard needs sign-in and the seeded commander can sign in", async ({ page }) => {
  await page.goto("/incidents");
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, "commander");
  await expect(page.getByRole("heading", { name: "Incidents" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Declare incident" })).toBeVisible();
});

test("a link to an incident opened signed out lands on that incident after signing in", async ({ browser, page }) => {
  const commander = await newSignedInPage(browser, "commander");
  const title = `Deep link ${Date.now().toString(36)}`;
  const id = await declareIncident(commander.page, title);
  await commander.context.close();

  await page.goto(`/incidents/${id}`);
  await expect(page).toHaveURL(`/login?callbackUrl=${encodeURIComponent(`/incidents/${id}`)}`);
  const u = seedUser("responder");
  await page.getByLabel("Email").fill(u.email);
  await page.getByLabel("Password").fill(u.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`/incidents/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
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

test("repeated wrong passwords are throttled, and the form says when to try again", async ({ page }) => {
  // An address no seeded user has: the throttle counts per typed email whether or not a user exists.
  const email = `throttled-${Date.now().toString(36)}@rcc.local`;
  await page.goto("/login");
  // The form's own alert: Next's route announcer is a role="alert" too.
  const formAlert = page.getByRole("alert").filter({ hasText: /Wrong email|Too many attempts/ });
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    // The action's end resets the form (React 19): until then the alert may still be the previous
    // attempt's, and typing into the fields would be wiped.
    await expect(page.getByLabel("Password")).toHaveValue("");
    await expect(formAlert).toHaveText("Wrong email or password.");
  }
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong-5");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(formAlert).toHaveText(/^Too many attempts; try again in \d+ s\.$/);
});
