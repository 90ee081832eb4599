/**
 * Benchmark of the sandbox: its start time and memory, and the time from "bad version deployed" to
 * "verified healthy" on both paths: policy auto (no human) and policy notify with a scripted
 * commander (Chromium clicks Roll back → Preview plan → types the name → Roll back as soon as the
 * incident appears, so the figure is the system's share, not a person's reaction time).
 *
 *   npx tsx bench/sandbox.ts [--runs=2] [--profile=fast|demo]
 *
 * Phases per run, all from the timeline and the Deployment's deploy annotation (one clock):
 * deployed → trigger.fired → rollback.succeeded → verify.passed. Memory: RSS and PSS of this process
 * and every process below it (Postgres, control plane, Prometheus, the dashboard), before Chromium.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { SEED_USERS } from "../prisma/seed-users";
import { freePort } from "../test/prometheus/launcher";
import { appsApi } from "../sandbox/cluster-app";
import { DEPLOYED_AT_ANNOTATION, SANDBOX, type SandboxPolicy, type TriggerProfile } from "../sandbox/config";
import { descendants, memoryOf } from "../sandbox/processes";
import { startSandbox, type Sandbox } from "../sandbox/stack";

const arg = (name: string, def: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? def;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms: number | undefined) => (ms === undefined ? "—" : `${(ms / 1000).toFixed(1)} s`);

type Run = {
  path: SandboxPolicy;
  fired: number;
  rolledBack: number;
  verified: number;
  clickedAfterFired?: number;
  verifyRuns: number;
};

async function q<T extends pg.QueryResultRow>(db: pg.Client, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(sql, params)).rows;
}

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | null>,
  timeoutMs: number,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

function memoryReport() {
  const pids = [process.pid, ...descendants(process.pid)];
  const rows = pids.map(memoryOf).filter((m): m is NonNullable<typeof m> => m !== null);
  const byName = new Map<string, { n: number; rss: number; pss: number }>();
  for (const r of rows) {
    const e = byName.get(r.name) ?? { n: 0, rss: 0, pss: 0 };
    e.n++;
    e.rss += r.rssKb;
    e.pss += r.pssKb ?? r.rssKb;
    byName.set(r.name, e);
  }
  const total = {
    rss: rows.reduce((a, r) => a + r.rssKb, 0),
    pss: rows.reduce((a, r) => a + (r.pssKb ?? r.rssKb), 0),
    n: rows.length,
  };
  return { byName: [...byName].sort((a, b) => b[1].pss - a[1].pss), total };
}

async function signIn(page: Page) {
  const u = SEED_USERS.find((x) => x.role === "commander")!;
  await page.goto("/login");
  await page.getByLabel("Email").fill(u.email);
  await page.getByLabel("Password").fill(u.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("current-user").waitFor();
}

async function oneRun(sb: Sandbox, db: pg.Client, page: Page, policy: SandboxPolicy): Promise<Run> {
  const serviceId = sb.serviceId;
  // A clean start: no open incident, the rule back to ok, the good version serving.
  for (const { id } of await q<{ id: string }>(
    db,
    `SELECT id FROM "Incident" WHERE "serviceId" = $1 AND status <> 'resolved'`,
    [serviceId],
  )) {
    await page.goto(`/incidents/${id}`);
    await page.locator('select[name="status"]').selectOption("resolved");
    await page.getByRole("button", { name: "Update status" }).click();
    await waitFor(
      "incident resolved",
      async () =>
        (await q(db, `SELECT 1 FROM "Incident" WHERE id = $1 AND status = 'resolved'`, [id])).length ? true : null,
      15_000,
    );
  }
  await db.query(`UPDATE "Service" SET "triggerPolicy" = $2::"TriggerPolicy" WHERE id = $1`, [serviceId, policy]);
  await waitFor(
    "errorRate ok",
    async () =>
      (
        await q<{ state: string }>(
          db,
          `SELECT state FROM "TriggerState" WHERE "serviceId" = $1 AND rule = 'errorRate'`,
          [serviceId],
        )
      )[0]?.state === "ok"
        ? true
        : null,
    120_000,
    500,
  );

  await page.goto("/sandbox");
  await page.getByTestId("sandbox-deploy-bad").click();
  await page.getByTestId("sandbox-deploy-result").waitFor({ timeout: 30_000 });
  const d = await appsApi(sb.kubeconfigPath).readNamespacedDeployment({
    name: SANDBOX.deployment,
    namespace: SANDBOX.namespace,
  });
  const deployedAt = new Date(d.metadata!.annotations![DEPLOYED_AT_ANNOTATION]).getTime();

  const incidentId = await waitFor(
    "incident",
    async () =>
      (
        await q<{ id: string }>(db, `SELECT id FROM "Incident" WHERE "serviceId" = $1 AND status <> 'resolved'`, [
          serviceId,
        ])
      )[0]?.id,
    180_000,
  );
  let clickedAt: number | undefined;
  if (policy === "notify") {
    await page.goto(`/incidents/${incidentId}`);
    await page.getByRole("button", { name: "Roll back" }).click();
    await page.getByRole("button", { name: "Preview plan" }).click();
    await page.getByTestId("plan-preview").waitFor();
    await page.getByLabel(/Type .* to confirm/).fill(SANDBOX.service);
    await page.getByRole("button", { name: "Roll back", exact: true }).last().click();
    clickedAt = Date.now();
  }
  const at = (kind: string) => async () =>
    (
      await q<{ t: Date }>(
        db,
        `SELECT "createdAt" AS t FROM "TimelineEvent" WHERE "incidentId" = $1 AND kind = $2 ORDER BY id LIMIT 1`,
        [incidentId, kind],
      )
    )[0]?.t.getTime();
  const fired = await waitFor("trigger.fired", at("trigger.fired"), 60_000);
  const rolledBack = await waitFor("rollback.succeeded", at("rollback.succeeded"), 180_000);
  const verified = await waitFor("verify.passed", at("verify.passed"), 180_000);
  const verifyRuns = (
    await q(db, `SELECT 1 FROM "TimelineEvent" WHERE "incidentId" = $1 AND kind = 'verify.started'`, [incidentId])
  ).length;
  return {
    path: policy,
    fired: fired - deployedAt,
    rolledBack: rolledBack - deployedAt,
    verified: verified - deployedAt,
    clickedAfterFired: clickedAt && clickedAt - fired,
    verifyRuns,
  };
}

async function main() {
  const runs = Number(arg("runs", "2"));
  const profile = arg("profile", "fast") as TriggerProfile;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rcc-sandbox-bench-"));
  const sb = await startSandbox({
    policy: "auto",
    profile,
    port: await freePort(),
    dataDir,
    log: () => {},
    appLog: () => {},
  });
  const db = new pg.Client({ connectionString: sb.databaseUrl });
  let browser: Browser | undefined;
  try {
    console.log(
      `sandbox start: ${s(sb.startupMs)} (${Object.entries(sb.phases)
        .map(([k, v]) => `${k} @${s(v)}`)
        .join(", ")})`,
    );
    await sleep(10_000); // steady state: load running, Prometheus scraping, the watcher evaluating
    const mem = memoryReport();
    console.log(
      `memory after 10 s of steady load: ${mem.total.n} processes, RSS ${(mem.total.rss / 1024).toFixed(0)} MiB (sums shared pages), PSS ${(mem.total.pss / 1024).toFixed(0)} MiB`,
    );
    for (const [name, e] of mem.byName)
      console.log(
        `  ${name.padEnd(18)} ×${String(e.n).padEnd(3)} PSS ${(e.pss / 1024).toFixed(0).padStart(5)} MiB  RSS ${(e.rss / 1024).toFixed(0).padStart(5)} MiB`,
      );

    await db.connect();
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu"],
    });
    const page = await (await browser.newContext({ baseURL: sb.url })).newPage();
    await signIn(page);
    const results: Run[] = [];
    for (const policy of ["auto", "notify"] as const) {
      for (let i = 0; i < runs; i++) {
        const r = await oneRun(sb, db, page, policy);
        results.push(r);
        console.log(
          `${policy.padEnd(6)} run ${i + 1}: fired ${s(r.fired)} · rolled back ${s(r.rolledBack)} · verified healthy ${s(r.verified)}` +
            `${r.clickedAfterFired !== undefined ? ` · click ${s(r.clickedAfterFired)} after firing` : ""} · ${r.verifyRuns} verification run(s)`,
        );
      }
    }
    console.log(`\nbad version deployed → verified healthy (median of ${runs}, profile ${profile}):`);
    for (const policy of ["auto", "notify"] as const) {
      const rs = results.filter((r) => r.path === policy);
      console.log(
        `  ${policy.padEnd(6)} ${s(median(rs.map((r) => r.verified)))}  (trigger fired ${s(median(rs.map((r) => r.fired)))}, rolled back ${s(median(rs.map((r) => r.rolledBack)))})`,
      );
    }
  } finally {
    await browser?.close().catch(() => {});
    await db.end().catch(() => {});
    await sb.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
