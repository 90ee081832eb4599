import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { newSignedInPage } from "./helpers";
import { kubectl } from "./k8s";

const flags = { "new-checkout": { state: "ENABLED", variants: { on: true, off: false }, defaultVariant: "on" } };

/** A namespace with a FeatureFlag CR, and a service whose strategyConfig points at it. */
async function serviceWithFlags(): Promise<{ ns: string; name: string }> {
  const ns = `e2e-flags-${crypto.randomBytes(3).toString("hex")}`;
  kubectl(["create", "namespace", ns]);
  kubectl(
    ["-n", ns, "apply", "-f", "-"],
    JSON.stringify({
      apiVersion: "core.openfeature.dev/v1beta1",
      kind: "FeatureFlag",
      metadata: { name: "shop-flags" },
      spec: { flagSpec: { flags } },
    }),
  );
  const name = `flags-${ns}`;
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "Service" (id, name, namespace, deployments, "strategyConfig", "updatedAt") VALUES ($1, $2, $3, $4, $5, now())`,
      [
        `svc_${crypto.randomBytes(6).toString("hex")}`,
        name,
        ns,
        ["shop"],
        JSON.stringify({ flags: { source: "featureflag-cr", name: "shop-flags" } }),
      ],
    );
  } finally {
    await client.end();
  }
  return { ns, name };
}

const defaultVariant = (ns: string) =>
  kubectl([
    "-n",
    ns,
    "get",
    "featureflag",
    "shop-flags",
    "-o",
    "jsonpath={.spec.flagSpec.flags.new-checkout.defaultVariant}",
  ]);

test("a commander disables a feature flag from the incident page and sees it on the timeline", async ({ browser }) => {
  test.setTimeout(120_000);
  const { ns, name } = await serviceWithFlags();
  const { page, context } = await newSignedInPage(browser, "commander");

  await page.goto("/incidents/new");
  await page.getByLabel("Title").fill("New checkout throws on submit");
  await page.getByLabel("Severity").selectOption("P1");
  await page.getByLabel("Service").selectOption({ label: name });
  await page.getByRole("button", { name: "Declare incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/(?!new$)[a-z0-9]+$/);

  await page.getByRole("button", { name: "Roll back" }).click();
  // In the planner: the runbook's checklist has an item "Plan re-deployment strategy" on the same page.
  const planner = page.getByRole("region", { name: "Plan a rollback" });
  await planner.getByLabel("Strategy").selectOption("feature-flag");
  await expect(page.getByLabel("Object name")).toHaveValue("shop-flags");
  await page.getByLabel("Flag key").fill("new-checkout");
  await page.getByRole("button", { name: "Preview plan" }).click();
  const preview = page.getByTestId("plan-preview");
  await expect(preview).toContainText("defaultVariant new-checkout");
  await expect(preview).toContainText("Server-side dry run: accepted");
  expect(defaultVariant(ns)).toBe("on"); // planning changed nothing

  await page.getByLabel(/Type .* to confirm/).fill(name);
  await page.getByRole("button", { name: "Roll back", exact: true }).last().click();
  const action = page.getByTestId("rollback-action").first();
  await expect(action).toHaveAttribute("data-state", "succeeded", { timeout: 60_000 });
  expect(defaultVariant(ns)).toBe("off");

  const timeline = page.getByTestId("timeline");
  // One timeline entry for the rollback, saying it succeeded and (its latest row) what it switched off.
  const done = timeline.locator('[data-entry="rollback"]');
  await expect(done).toHaveAttribute("data-state", "succeeded");
  await expect(done.getByTestId("entry-latest")).toContainText("new-checkout");
  await context.close();
});
