// The real objects each strategy acts on, made straight on the cluster(s) and databases that
// scripts/e2e.ts started, and the service rows that point the app at them.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import { expect, type Locator, type Page } from "@playwright/test";
import pg from "pg";
import { IMG, kubectl } from "./k8s";

export { IMG, kubectl };

/** A variable scripts/e2e.ts sets; the specs never guess a value. */
export function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run e2e through scripts/e2e.ts`);
  return v;
}

/** The disaster-recovery cluster: its kube context and a kubeconfig holding only it. */
export const drCluster = () => ({
  context: env("E2E_DR_CONTEXT"),
  kubeconfigEnv: env("E2E_DR_KUBECONFIG_ENV"),
  kubeconfig: env("E2E_DR_KUBECONFIG"),
});

/** kubectl on another cluster's kubeconfig (the DR one); its stderr comes back on the error. */
export function kubectlAt(kubeconfigPath: string, args: string[], input?: string): string {
  return execFileSync("kubectl", ["--kubeconfig", kubeconfigPath, ...args], {
    input,
    encoding: "utf8",
    stdio: ["pipe", "pipe", "pipe"],
  });
}

export function getJson<T = any>(ns: string, ...what: string[]): T {
  return JSON.parse(kubectl(["-n", ns, "get", ...what, "-o", "json"])) as T;
}

/** The object as JSON, or null when the cluster says NotFound (default: the primary cluster). */
export function getJsonOrNull<T = any>(ns: string, what: string[], kubeconfigPath = env("KUBECONFIG")): T | null {
  try {
    return JSON.parse(kubectlAt(kubeconfigPath, ["-n", ns, "get", ...what, "-o", "json"])) as T;
  } catch (e) {
    if (/NotFound/.test(String((e as { stderr?: string }).stderr))) return null;
    throw e;
  }
}

export function namespace(prefix: string, kubeconfigPath?: string): string {
  const ns = `e2e-${prefix}-${crypto.randomBytes(3).toString("hex")}`;
  if (kubeconfigPath) kubectlAt(kubeconfigPath, ["create", "namespace", ns]);
  else kubectl(["create", "namespace", ns]);
  return ns;
}

export function apply(ns: string, obj: object, kubeconfigPath?: string): void {
  const args = ["-n", ns, "apply", "-f", "-"];
  if (kubeconfigPath) kubectlAt(kubeconfigPath, args, JSON.stringify(obj));
  else kubectl(args, JSON.stringify(obj));
}

export function rolloutStatus(ns: string, name: string): void {
  kubectl(["-n", ns, "rollout", "status", `deployment/${name}`, "--timeout=90s"]);
}

export function deployment(name: string, opts: { image: string; replicas?: number; labels?: Record<string, string> }) {
  const labels = opts.labels ?? { app: name };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, labels },
    spec: {
      replicas: opts.replicas ?? 2,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "app", image: opts.image }] } },
    },
  };
}

/** A Service row (the catalog entry a rollback may act on), inserted in the app's database. */
export async function createServiceRow(row: {
  name: string;
  namespace: string;
  deployments: string[];
  statefulSets?: string[];
  strategyConfig: object;
}): Promise<void> {
  const client = new pg.Client({ connectionString: env("DATABASE_URL") });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "Service" (id, name, namespace, deployments, "statefulSets", "strategyConfig", "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, now())`,
      [
        `svc_${crypto.randomBytes(6).toString("hex")}`,
        row.name,
        row.namespace,
        row.deployments,
        row.statefulSets ?? [],
        JSON.stringify(row.strategyConfig),
      ],
    );
  } finally {
    await client.end();
  }
}

/** Runs SQL on a service's own database (the URL the server reads from `urlEnv`). */
export async function sql<T = Record<string, unknown>>(urlEnv: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: env(urlEnv) });
  await client.connect();
  try {
    const res = await client.query(text);
    return (Array.isArray(res) ? res.at(-1)!.rows : res.rows) as T[];
  } finally {
    await client.end();
  }
}

// ---- the commander's path through the incident page --------------------------------------------

/** Declares an incident on the service and opens the planner with `strategy` (its visible label). */
export async function openPlanner(page: Page, serviceName: string, title: string, strategy: string): Promise<Locator> {
  await page.goto("/incidents/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Severity").selectOption("P1");
  await page.getByLabel("Service").selectOption({ label: serviceName });
  await page.getByRole("button", { name: "Declare incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/(?!new$)[a-z0-9]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await page.getByRole("button", { name: "Roll back" }).click();
  const planner = page.getByRole("region", { name: "Plan a rollback" });
  await planner.getByLabel("Strategy").selectOption({ label: strategy });
  return planner;
}

/** Preview plan, and the preview once it is there. */
export async function previewPlan(page: Page): Promise<Locator> {
  const planner = page.getByRole("region", { name: "Plan a rollback" });
  await planner.getByRole("button", { name: "Preview plan" }).click();
  const preview = planner.getByTestId("plan-preview");
  await expect(
    preview.or(planner.getByRole("alert")),
    "Preview plan showed neither a plan nor an error (the browser refuses a form with an empty required field)",
  ).toBeVisible({ timeout: 30_000 });
  // A refused plan shows its error; fail with it rather than with a missing preview.
  if (await planner.getByRole("alert").isVisible())
    throw new Error(`planning failed: ${await planner.getByRole("alert").innerText()}`);
  return preview;
}

/** One row of the plan's diff: the field, what it is now, what it will be after the rollback. */
export async function expectDiff(
  preview: Locator,
  path: string,
  before: string | RegExp,
  after: string | RegExp,
): Promise<void> {
  const row = preview.getByRole("row").filter({ has: preview.page().getByRole("cell", { name: path, exact: true }) });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell")).toHaveText([path, before, after]);
}

/** Types the service name, clicks Roll back, waits for the end and returns the finished action. */
export async function confirmAndRollBack(page: Page, serviceName: string, timeout = 120_000): Promise<Locator> {
  const planner = page.getByRole("region", { name: "Plan a rollback" });
  const rollBack = planner.getByRole("button", { name: "Roll back", exact: true });
  await expect(rollBack).toBeDisabled();
  await planner.getByLabel(/Type .* to confirm/).fill(`${serviceName}x`);
  await expect(rollBack).toBeDisabled();
  await planner.getByLabel(/Type .* to confirm/).fill(serviceName);
  await rollBack.click();
  // The rollback appears once it has started; a refused start shows its error in the planner.
  const action = page.getByTestId("rollback-action").first();
  const refused = planner.getByRole("alert");
  await expect(action.or(refused)).toBeVisible({ timeout: 30_000 });
  if (await refused.isVisible()) throw new Error(`starting the rollback failed: ${await refused.innerText()}`);
  await expect(planner).toHaveCount(0);
  await expect(action).toHaveAttribute("data-state", /^(succeeded|failed)$/, { timeout });
  // On failure, say why (the action shows its error and its steps).
  expect(await action.getAttribute("data-state"), await action.innerText()).toBe("succeeded");
  await expect(action.getByTestId("rollback-progress")).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByTestId("timeline").locator('[data-entry="rollback"][data-state="succeeded"]')).toBeVisible();
  return action;
}
