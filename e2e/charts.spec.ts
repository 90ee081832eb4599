// The incident page's live charts, fed by the real chain: the test exporter → Prometheus → the app's
// trigger watcher → an incident and an automatic rollback on the control plane → the chart's
// threshold line and rollback marker.
//
// Needs from scripts/e2e.ts: the app started with PROMETHEUS_URL (scraping E2E_EXPORTER_URL every
// second), KUBECONFIG, RCC_BACKGROUND=on and RCC_TRIGGER_INTERVAL_MS=1000 (instrumentation calls
// startTriggerWatcher()); this process gets DATABASE_URL, KUBECONFIG and E2E_EXPORTER_URL.
import { expect, test } from "@playwright/test";
import pg from "pg";
import { kubectl, kubectlJson } from "../test/cluster/kubectl";
import { signIn } from "./helpers";

const exporterUrl = process.env.E2E_EXPORTER_URL;
const kubeconfig = process.env.KUBECONFIG;
const IMG = (tag: string) => `registry.k8s.io/pause:${tag}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

async function exporter(service: string, settings: Record<string, number>) {
  const res = await fetch(`${exporterUrl}/control`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ service, settings }),
  });
  if (!res.ok) throw new Error(`exporter control: HTTP ${res.status}`);
}

type Deployment = {
  metadata: { generation?: number; annotations?: Record<string, string> };
  status?: { observedGeneration?: number };
  spec: { template: { spec: { containers: { image: string }[] } } };
};

async function deploy(name: string, tag: string) {
  const labels = { app: name };
  const obj = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "app", image: IMG(tag) }] } },
    },
  };
  await kubectl(kubeconfig!, ["-n", "default", "apply", "-f", "-"], JSON.stringify(obj));
  await until(`${name} observed`, async () => {
    const d = await kubectlJson<Deployment>(kubeconfig!, ["-n", "default", "get", "deployment", name]);
    return (
      (d.status?.observedGeneration ?? 0) >= (d.metadata.generation ?? 1) &&
      d.metadata.annotations?.["deployment.kubernetes.io/revision"]
    );
  });
}

type Box = { x: number; y: number; width: number; height: number };
const intersects = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test.describe("incident charts tell the story", () => {
  test("markers close in time: labels never overlap, the default range covers the incident, hover names the marker", async ({
    page,
  }) => {
    const name = `story-e2e-${Date.now().toString(36)}`;
    const now = Date.now();
    const at = (minAgo: number, sec = 0) => new Date(now - minAgo * 60_000 + sec * 1000);
    const impact = at(20);
    const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO "Service" (id, name, namespace, deployments, "updatedAt") VALUES ($1, $1, 'default', $2, now())`,
        [name, [name]],
      );
      await db.query(
        `INSERT INTO "Incident" (id, title, severity, "serviceId", "impactStartedAt", "detectedAt", "declaredAt", "updatedAt")
         VALUES ($1, $2, 'P2', $1, $3, $4, $4, now())`,
        [name, `Story ${name}`, impact, at(19)],
      );
      const run = { actionId: name, strategy: "deployment-undo", target: `k8s:${name}` };
      const detection = {
        rule: "errorRate",
        query: null,
        value: 0.4,
        threshold: 0.05,
        comparator: ">",
        unit: "ratio",
        breachSince: at(19, -30).toISOString(),
        source: "watcher",
      };
      // A deploy, then the rule firing and the rollback within seconds: labels that would collide.
      const events: [string, string, object, Date][] = [
        [
          "deploy.finished",
          "Deployed v2",
          { deployedAt: impact.toISOString(), image: "app:2", deployment: name },
          at(19),
        ],
        ["trigger.fired", "Rule fired", detection, at(19)],
        ["rollback.started", "Rollback started", { actionId: name, target: run.target }, at(19, 2)],
        ["rollback.succeeded", "Rollback done", { ...run, outcome: "succeeded" }, at(19, 9)],
      ];
      for (const [kind, message, payload, createdAt] of events)
        await db.query(
          `INSERT INTO "TimelineEvent" ("incidentId", kind, actor, message, payload, "createdAt") VALUES ($1, $2, 'e2e', $3, $4, $5)`,
          [name, kind, message, payload, createdAt],
        );

      await signIn(page, "viewer");
      await page.goto(`/incidents/${name}`);
      const charts = page.getByTestId("service-charts");
      await expect(page.getByRole("radio", { name: "Incident" })).toBeChecked();
      await expect(page.getByTestId("incident-range")).toContainText("impact started");
      // The range covers the incident: from before impact started (20 min ago: a fixed 15 min would
      // miss it) to about now.
      await expect(charts).toHaveAttribute("data-range-start", /\d+/);
      const start = Number(await charts.getAttribute("data-range-start"));
      const end = Number(await charts.getAttribute("data-range-end"));
      expect(start).toBeLessThan(impact.getTime());
      expect(start).toBeGreaterThan(impact.getTime() - 60 * 60_000);
      expect(end).toBeGreaterThan(at(19, 9).getTime());
      expect(end).toBeLessThanOrEqual(Date.now());

      for (const [signal, threshold] of [
        ["errorRate", "Threshold 5 %"],
        ["healthSuccess", "Threshold 50 %"],
      ]) {
        const chart = page.getByTestId(`chart-${signal}`);
        const labels = chart.getByTestId("marker-label");
        await expect(labels).toHaveCount(4);
        const boxes = await Promise.all((await labels.all()).map(async (l) => (await l.boundingBox())!));
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++)
            expect(intersects(boxes[i], boxes[j]), `${signal}: marker labels ${i} and ${j} overlap`).toBe(false);
        // Badges need their legend; full labels say themselves.
        if ((await chart.getByTestId("marker-lane").getAttribute("data-layout")) === "badges")
          await expect(chart.getByTestId("marker-legend")).toContainText("Rollback started");
        else await expect(labels.filter({ hasText: "Rollback started" })).toBeVisible();
        await expect(chart.getByText(threshold)).toBeVisible(); // thresholds stay visible beside the markers
      }

      // Hover at the rule's marker: the tooltip gives the value and names the markers at that point
      // (those within half a grid step of the point the pointer snaps to).
      const chart = page.getByTestId("chart-errorRate");
      // In view first: the mouse hovers only what is on screen (the cards above push the chart down).
      await chart.locator("svg.recharts-surface").scrollIntoViewIfNeeded();
      // At the rule's line in the plot, not at its label: the lane may shift a label sideways (or
      // into a second row) to keep it clear of its neighbour, by more than half a grid step.
      const line = (await chart.locator(".marker-fired line").first().boundingBox())!;
      const plot = (await chart.locator("svg.recharts-surface").boundingBox())!;
      await page.mouse.move(line.x + line.width / 2, plot.y + plot.height / 2);
      await expect(chart.getByTestId("chart-tooltip")).toContainText("no data (not zero)");
      await expect(chart.getByTestId("tooltip-marker").filter({ hasText: "Rule fired" })).toBeVisible();

      // The fixed ranges are still there.
      // By its visible label, as a person clicks it: the sticky incident header may cover the
      // (visually hidden) radio itself, and an actionable click scrolls it clear first.
      await charts.locator("label", { hasText: /^15m$/ }).click();
      await expect(page.getByRole("radio", { name: "15m" })).toBeChecked();
      await expect(page.getByTestId("incident-range")).toHaveCount(0);
    } finally {
      await db.end();
    }
  });
});

test.describe("incident charts", () => {
  test.skip(
    !exporterUrl || !kubeconfig,
    "needs E2E_EXPORTER_URL and KUBECONFIG from scripts/e2e.ts (Prometheus + control plane)",
  );

  test("an automatic rollback shows on the incident's charts with the threshold lines and a rollback marker", async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const name = `charts-e2e-${Date.now().toString(36)}`;
    await deploy(name, "3.9");
    await deploy(name, "3.10"); // the bad revision
    await exporter(name, { rps: 40, errorRatio: 0.01, latencySeconds: 0.1 });

    const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    try {
      const config = {
        rateWindowSec: 3,
        errorRate: { forSec: 5 },
        p95Latency: { enabled: false },
        business: { enabled: false },
        healthSuccess: { forSec: 5 },
      };
      await db.query(
        `INSERT INTO "Service" (id, name, namespace, deployments, "triggerPolicy", "triggerConfig", "rolloutTimeoutSec", "updatedAt")
         VALUES ($1, $1, 'default', $2, 'auto', $3, 60, now())`,
        [name, [name], config],
      );
      await sleep(6_000); // a healthy stretch on the chart before the breach
      await exporter(name, { errorRatio: 0.6 });

      const incidentId = await until(
        "the watcher to open an incident",
        async () =>
          (await db.query<{ id: string }>(`SELECT id FROM "Incident" WHERE "serviceId" = $1`, [name])).rows[0]?.id,
        90_000,
      );
      await until("the automatic rollback to succeed", async () => {
        const r = await db.query<{ state: string }>(
          `SELECT state::text FROM "RollbackAction" WHERE "idempotencyKey" = $1`,
          [`auto:${incidentId}`],
        );
        return r.rows[0]?.state === "succeeded";
      });
      const d = await kubectlJson<Deployment>(kubeconfig!, ["-n", "default", "get", "deployment", name]);
      expect(d.spec.template.spec.containers[0].image).toBe(IMG("3.9"));

      await signIn(page, "viewer");
      await page.goto(`/incidents/${incidentId}`);
      const charts = page.getByTestId("service-charts");
      await expect(charts).toBeVisible();
      const errorRate = page.getByTestId("chart-errorRate");
      await expect(errorRate.locator("svg.recharts-surface")).toBeVisible();
      // Threshold lines: the error-rate rule's 5 % and the health rule's 50 %.
      await expect(errorRate.getByText("Threshold 5 %")).toBeVisible();
      await expect(page.getByTestId("chart-healthSuccess").getByText("Threshold 50 %")).toBeVisible();
      await expect(errorRate.getByText(/rule (firing|ok|pending)/)).toBeVisible();
      // The rollback marker from the timeline, on the chart and in the accessible list.
      await expect(errorRate.getByText("Rollback started")).toBeVisible();
      await expect(page.getByTestId("chart-markers")).toContainText("Rollback started");
      await expect(page.getByTestId("prometheus-unreachable")).toHaveCount(0);

      // The range picker is keyboard-usable and refetches.
      await page.getByRole("radio", { name: "1h" }).check({ force: true }); // the styled label covers the visually hidden input
      await expect(page.getByRole("radio", { name: "1h" })).toBeChecked();
      await expect(errorRate.getByText("Threshold 5 %")).toBeVisible();
    } finally {
      await exporter(name, { errorRatio: 0 }).catch(() => {});
      await db.end();
      await kubectl(kubeconfig!, ["-n", "default", "delete", "deployment", name, "--wait=false"]).catch(() => {});
    }
  });
});
