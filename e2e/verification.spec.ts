// On-demand verification in the browser against real HTTP endpoints this spec serves. (After a
// rollback the runner calls the same runVerification; that path needs the control plane in e2e.)
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { expect, test } from "@playwright/test";
import { newSignedInPage } from "./helpers";

let server: http.Server;
let base = "";
const serviceName = `verify-e2e-${Date.now().toString(36)}`;

test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.url === "/health") return json(200, { ok: true });
    if (req.url === "/products") return json(200, { items: [{ sku: "a" }] });
    if (req.url === "/slow") return void setTimeout(() => json(200, { items: [] }), 2_500);
    if (req.url === "/broken") return json(500, { error: "boom" });
    json(404, {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Services are configured by admins outside this feature; insert one pointing at our endpoints.
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await db.query(
    `INSERT INTO "Service" (id, name, deployments, "healthUrl", "updatedAt") VALUES ($1, $2, '{}', $3, now())`,
    [`svc-${serviceName}`, serviceName, `${base}/health`],
  );
  await db.end();
});
test.afterAll(() => server?.close());

test("smoke tests are edited per service, and a verification run shows each check landing with its reason", async ({
  browser,
}) => {
  const { context, page } = await newSignedInPage(browser, "commander");
  await page.goto(`/services/svc-${serviceName}/smoke-tests`);
  const add = async (name: string, url: string, assertions: string, timeoutMs = "5000") => {
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("URL").fill(url);
    await page.getByLabel("Assertions").fill(assertions);
    await page.getByLabel("Timeout (ms)").fill(timeoutMs);
    await page.getByRole("button", { name: "Add smoke test" }).click();
    await expect(page.getByTestId("smoke-test").filter({ hasText: name })).toBeVisible();
  };
  // A bad assertion is refused beside its field.
  await page.getByLabel("Name").fill("bad");
  await page.getByLabel("URL").fill(`${base}/products`);
  await page.getByLabel("Assertions").fill("$.items contains a");
  await page.getByRole("button", { name: "Add smoke test" }).click();
  await expect(page.getByText('"contains" is not one of exists, notExists, isArray, equals')).toBeVisible();
  await add("product list", `${base}/products`, '$.items isArray\n$.items[0].sku equals "a"');
  await add("slow list", `${base}/slow`, "$.items isArray");
  await add("broken", `${base}/broken`, "");

  await page.goto("/incidents/new");
  await page.getByLabel("Title").fill(`Verify ${serviceName}`);
  await page.getByLabel("Service").selectOption({ label: serviceName });
  await page.getByRole("button", { name: "Declare incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/[a-z0-9]+$/);
  const panel = page.getByTestId("verification-panel");
  await expect(page.getByTestId("timeline-connection")).toHaveText("● Live");

  await page.getByRole("button", { name: "Run verification" }).click();
  const check = (key: string) => panel.locator(`[data-check="${key}"]`);
  await expect(panel.getByText(/Checking… \d of \d done/)).toBeVisible();
  // Fast checks are green while the slow smoke test is still running: results land one by one.
  await expect(check("health:health")).toHaveAttribute("data-status", "passed");
  await expect(panel.locator('[data-status="pending"]').filter({ hasText: "Smoke: slow list" })).toBeVisible();
  await expect(panel.getByRole("progressbar", { name: "Verification progress" })).toBeVisible();
  await expect(panel).toHaveAttribute("data-outcome", /passed|failed/, { timeout: 15_000 });
  await expect(panel.locator('[data-status="passed"]').filter({ hasText: "Smoke: slow list" })).toBeVisible();
  await expect(panel.locator('[data-status="passed"]').filter({ hasText: "Smoke: product list" })).toBeVisible();
  await expect(panel.locator('[data-status="failed"]').filter({ hasText: "Smoke: broken" })).toContainText(
    "HTTP 500, expected 200",
  );
  await expect(check("pods")).toHaveAttribute("data-status", "skipped");
  if (!process.env.PROMETHEUS_URL) {
    await expect(check("error_rate")).toHaveAttribute("data-status", "unknown");
    await expect(check("error_rate")).toContainText("PROMETHEUS_URL is not set");
  }
  await expect(panel).toHaveAttribute("data-outcome", "failed");
  await expect(panel.getByText("Verification failed")).toBeVisible();
  // On the timeline the run is one entry; its rows, with each check's message, are one click away.
  const run = page.getByTestId("timeline").locator('[data-entry="verification"]');
  await expect(run).toHaveAttribute("data-state", "failed");
  await run.getByRole("button", { name: /Show its \d+ events/ }).click();
  await expect(run.getByText(/^✗ Smoke: broken — failed: HTTP 500, expected 200 \(\d+ ms\)$/)).toBeVisible();
  await expect(run.locator('[data-kind="verify.failed"]')).toBeVisible();
  await context.close();
});
