// An expired session mid-incident: the page keeps what it shows, says plainly that the session
// expired, stops polling and streaming, and its sign-in link comes back to the same incident.
import { expect, test } from "@playwright/test";
import { declareIncident, newSignedInPage, seedUser, signIn } from "./helpers";
import { startCuttableProxy } from "./tcp-proxy";

test("the incident page with the session expired mid-view shows the sign-in prompt, not a crash", async ({
  browser,
  baseURL,
}) => {
  // Through a cuttable proxy, so the live stream can drop and reconnect like on a real network.
  const proxy = await startCuttableProxy(Number(new URL(baseURL!).port));
  const context = await browser.newContext({ baseURL: proxy.url });
  const page = await context.newPage();
  const crashes: string[] = [];
  page.on("pageerror", (e) => crashes.push(e.message));
  await signIn(page, "commander");
  const title = `Session expires mid-view ${Date.now()}`;
  const id = await declareIncident(page, title);
  await expect(page.getByTestId("timeline-connection")).toHaveText("● Live");
  await expect(page.getByTestId("timeline").locator("li")).not.toHaveCount(0);

  await context.clearCookies();

  // The rollback panel's next poll is refused with 401: the page says so, at the top and in place.
  const banner = page.getByTestId("session-expired-banner");
  await expect(banner).toBeVisible({ timeout: 15_000 });
  await expect(banner).toContainText("Your session has expired — sign in again.");
  await expect(page.getByTestId("rollback-session-expired")).toContainText("Your session has expired — sign in again.");

  // The stream drops; its reconnect is refused with 401, and it stops instead of retrying forever.
  proxy.cut();
  proxy.restore();
  const streamPrompt = page.getByTestId("timeline-session-expired");
  await expect(streamPrompt).toBeVisible();
  await expect(streamPrompt).toContainText("Live updates stopped. Your session has expired — sign in again.");
  const signInLink = streamPrompt.getByRole("link", { name: "Sign in again" });
  await expect(signInLink).toHaveAttribute("href", `/login?callbackUrl=${encodeURIComponent(`/incidents/${id}`)}`);

  const retried: string[] = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith(`/api/incidents/${id}/`)) retried.push(path);
  });
  await page.waitForTimeout(3_000); // longer than the stream's retry (1 s) and the busy poll
  expect(retried).toEqual([]);

  // Not a crash: the incident is still on screen, with its timeline, and no error boundary.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByTestId("timeline").locator("li")).not.toHaveCount(0);
  await expect(page.getByTestId("route-error")).toHaveCount(0);
  await expect(page.getByText("Application error")).toHaveCount(0);
  expect(crashes).toEqual([]);

  // The way back: from the keyboard, sign in and land on the same incident, live again.
  await signInLink.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  const u = seedUser("commander");
  await page.getByLabel("Email").fill(u.email);
  await page.getByLabel("Password").fill(u.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/incidents/${id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByTestId("timeline-connection")).toHaveText("● Live");
  await expect(page.getByTestId("session-expired-banner")).toHaveCount(0);
  // A prompt followed after signing in elsewhere goes straight back, but never off-site.
  await page.goto(`/login?callbackUrl=${encodeURIComponent(`/incidents/${id}`)}`);
  await expect(page).toHaveURL(new RegExp(`/incidents/${id}$`));
  await page.goto(`/login?callbackUrl=${encodeURIComponent("/\\example.com")}`);
  await expect(page).toHaveURL(new RegExp(`^${proxy.url}/incidents$`));
  await context.close();
  await proxy.close();
});

test("unknown incidents, services and addresses get a not-found page with a way back", async ({ browser }) => {
  const { context, page } = await newSignedInPage(browser, "viewer");
  await page.goto("/incidents/does-not-exist");
  await expect(page.getByRole("heading", { name: "Incident not found" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await page.getByRole("link", { name: "All incidents" }).click();
  await expect(page.getByRole("heading", { name: "Incidents" })).toBeVisible();

  await page.goto("/services/does-not-exist");
  await expect(page.getByRole("heading", { name: "Service not found" })).toBeVisible();
  await page.goto("/services/does-not-exist/smoke-tests");
  await expect(page.getByRole("heading", { name: "Service not found" })).toBeVisible();
  await page.getByRole("link", { name: "All services" }).click();
  await expect(page.getByRole("heading", { name: "Services", exact: true })).toBeVisible();

  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Status page" })).toBeVisible();
  await context.close();
});
