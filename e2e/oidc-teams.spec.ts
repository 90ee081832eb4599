// Sign-in through a real OpenID provider (oidc-provider on loopback, started by
// scripts/e2e-sso-dashboard.ts with the group policy as a file): the ID token's groups make both people
// commanders, but the "payments" service is owned by team payments. The commander from search sees no
// Roll back button and is told who owns it; the SRE (team payments) sees it.
import { expect, test, type Browser } from "@playwright/test";
import { env } from "./strategy-fixtures";
import { SIGN_IN_AS_PATH } from "../test/oidc/provider";

async function ssoPage(browser: Browser, who: { sub: string; name: string; groups: string[] }) {
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
  await page.goto("/login");
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

  const member = await ssoPage(browser, { sub: `pam-${run}`, name: `Pam Payments ${run}`, groups: ["sre"] });
  await member.page.goto(incidentUrl);
  const memberPanel = member.page.getByRole("region", { name: /Rollback/ });
  await expect(memberPanel.getByRole("button", { name: "Roll back" })).toBeVisible();
  await expect(memberPanel.getByTestId("rollback-owned-by")).toHaveCount(0);

  await outsider.context.close();
  await member.context.close();
});
