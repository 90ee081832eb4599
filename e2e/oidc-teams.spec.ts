// Sign-in through a real OpenID provider (oidc-provider on loopback, started by
// scripts/e2e-sso-dashboard.ts with the group policy as a file): the ID token's groups make both people
// commanders, but the "payments" service is owned by team payments. The commander from search sees no
// Roll back button and is told who owns it; the SRE (team payments), opening the incident's link
// signed out, lands on it after signing in and sees it.
import { expect, test, type Browser } from "@playwright/test";
import { env } from "./strategy-fixtures";
import { SIGN_IN_AS_PATH } from "../test/oidc/provider";

/** Signs `who` in through the provider, starting signed out at `from` (a deep link) or at the sign-in page. */
async function ssoPage(browser: Browser, who: { sub: string; name: string; groups: string[] }, from = "/login") {
  const res = await fetch(`${env("E2E_OIDC_ISSUER")}${SIGN_IN_AS_PATH}`, {
    method: "POST",
    body: JSON.stringify({
      subject: who.sub,
      claims: { email: `${who.sub}@corp.test`, email_verified: true, name: who.name, groups: who.groups },
    }),
  });
  expect(res.status).toBe(204);
  const context = await browser.newContext({ baseURL: env("E2E_SSO_BASE_URL") });
  const page = await context.newPage();
  await page.goto(from);
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await page.getByRole("button", { name: "Sign in with Corp SSO" }).click();
  await expect(page.getByTestId("current-user")).toContainText(who.name);
  return { context, page };
}

test("groups from the identity provider decide who may roll back a team's service", async ({ browser }) => {
  test.setTimeout(120_000);
  const run = Date.now().toString(36);
  const outsider = await ssoPage(browser, { sub: `sol-${run}`, name: `Sol Search ${run}`, groups: ["search-oncall"] });

  // A commander by group: may declare an incident on payments, the catalog file's team-owned service.
  const title = `Payments errors ${run}`;
  await outsider.page.goto("/incidents/new");
  await outsider.page.getByLabel("Title").fill(title);
  await outsider.page.getByLabel("Service").selectOption({ label: "payments" });
  await outsider.page.getByRole("button", { name: "Declare incident" }).click();
  await expect(outsider.page.getByRole("heading", { level: 1 })).toHaveText(title);
  const incidentUrl = outsider.page.url();

  const panel = outsider.page.getByRole("region", { name: /Rollback/ });
  await expect(panel.getByTestId("rollback-owned-by")).toHaveText(
    "payments is owned by team payments: only its members (or an admin) may roll it back.",
  );
  await expect(panel.getByRole("button", { name: "Roll back" })).toHaveCount(0);

  // A link to the incident (from chat, a notice) opened signed out: after single sign-on it lands on
  // that incident, not on the incident list.
  const incidentPath = new URL(incidentUrl).pathname;
  const member = await ssoPage(
    browser,
    { sub: `pam-${run}`, name: `Pam Payments ${run}`, groups: ["sre"] },
    incidentPath,
  );
  await expect(member.page).toHaveURL(incidentUrl);
  await expect(member.page.getByRole("heading", { level: 1 })).toHaveText(title);
  const memberPanel = member.page.getByRole("region", { name: /Rollback/ });
  await expect(memberPanel.getByRole("button", { name: "Roll back" })).toBeVisible();
  await expect(memberPanel.getByTestId("rollback-owned-by")).toHaveCount(0);

  await outsider.context.close();
  await member.context.close();
});
