/**
 * Helm rollback against the real control plane with the real helm (test/helm/build.sh), through
 * the whole path a commander takes (plan action → confirm → runner → timeline). Twin releases from
 * the same chart (test/helm/fixtures/web-release), each installed at a good revision and upgraded
 * to a bad one: one rolled back by the dashboard, the other by `helm rollback` directly, and their
 * `helm history` and objects compared. Also: a target revision helm cannot build (its CRD is gone)
 * fails with helm's own reason on the timeline and leaves the state helm leaves; the plan writes
 * nothing (the release Secrets are unchanged).
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { planRollbackAction } from "@/lib/actions/plan-rollback";
import { startRollbackAction } from "@/lib/actions/start-rollback";
import { runAs, type ActingUser } from "@/lib/auth/acting-user";
import { db } from "@/lib/db";
import { eventsAfter } from "@/lib/incidents/timeline";
import { kubectl, kubectlJson } from "@/test/cluster/kubectl";
import { userWithRole } from "@/test/helpers/users";
import { ensureHelm, helm, helmRaw } from "@/test/helm/helm";
import { helmGoodThenBad, packageBadChart } from "@/test/helm/strategy-fixtures";
import { createNamespace, deleteNamespace, recorder, strategyContext } from "@/test/k8s/helpers";
import { parsePlan } from "@/lib/rollback/strategies";
import { helmRollback, type HelmRollbackPlan } from "./strategy";

const kubeconfig = inject("kubeconfig");
process.env.KUBECONFIG = kubeconfig; // the runner's clients (serviceKubeClients) read it

let ns = "";
let home = "";
let badChart = "";
let commander: ActingUser;
const h = (args: string[]) => helm([...args, "--namespace", ns], { home, kubeconfig });

beforeAll(async () => {
  process.env.RCC_HELM_BIN = ensureHelm();
  ns = await createNamespace(kubeconfig, "rcc-helm");
  home = await mkdtemp(path.join(os.tmpdir(), "rcc-helm-rb-"));
  // The bad revision is a new chart version too (0.2.0, app 2.0), as a real release would be.
  badChart = await packageBadChart(home);
  commander = await userWithRole("commander", "helm");
}, 600_000);

afterAll(async () => {
  if (ns) await deleteNamespace(kubeconfig, ns);
  if (home) await rm(home, { recursive: true, force: true });
});

const goodThenBad = (name: string, extra: string[] = []) =>
  helmGoodThenBad({ home, kubeconfig, namespace: ns, badChart }, name, extra);

/** `helm history -o json` without its timestamps. */
async function history(name: string) {
  const rows = JSON.parse(await h(["history", name, "-o", "json"])) as Record<string, unknown>[];
  return rows.map(({ updated: _, ...r }) => r);
}

/** The release's Secrets exactly as stored (names, resourceVersions, data). */
const releaseSecrets = async (name: string) =>
  (await kubectlJson(kubeconfig, ["-n", ns, "get", "secrets", "-l", `owner=helm,name=${name}`])).items.map(
    (s: any) => ({ name: s.metadata.name, rv: s.metadata.resourceVersion, labels: s.metadata.labels, data: s.data }),
  );

const TIME_KEY = /(Time|Timestamp)$/;
/**
 * A release's objects, minus what differs between any two identical objects (ids, times,
 * managedFields) and their status (which names the ReplicaSet, whose hash covers the release name).
 */
async function objects(name: string) {
  const list = await kubectlJson(kubeconfig, [
    "-n",
    ns,
    "get",
    "deployments,configmaps,secrets",
    "-l",
    `app.kubernetes.io/instance=${name}`,
  ]);
  const strip = (v: unknown, top = false): unknown => {
    if (Array.isArray(v)) return v.map((x) => strip(x, top));
    if (!v || typeof v !== "object") return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (["uid", "resourceVersion", "managedFields"].includes(k) || TIME_KEY.test(k) || (top && k === "status"))
        continue;
      out[k] = strip(x);
    }
    return out;
  };
  for (const d of list.items.filter((o: any) => o.kind === "Deployment"))
    expect(d.status.availableReplicas, `${d.metadata.name} available`).toBe(d.spec.replicas);
  // The twins differ only by their release name: make it the same word.
  return JSON.parse(JSON.stringify(strip(list.items, true)).replaceAll(name, "RELEASE")) as unknown[];
}

async function serviceAndIncident(release: string) {
  const service = await db.service.create({
    data: {
      name: `helm-${release}-${randomBytes(2).toString("hex")}`,
      namespace: ns,
      deployments: [],
      rolloutTimeoutSec: 60,
      strategyConfig: { helmReleases: [release] },
    },
  });
  const incident = await db.incident.create({
    data: { title: `${release} is failing`, severity: "P1", serviceId: service.id },
  });
  return { service, incident };
}

/** The plan the runner executed, read back as it does. */
const storedPlan = (action: { plan: unknown }) => parsePlan("helm-rollback", action.plan).plan as HelmRollbackPlan;

/** Plan → confirm → the runner, as the incident page does; resolves with the finished action. */
async function rollBackFromDashboard(release: string, params: object = {}) {
  const { service, incident } = await serviceAndIncident(release);
  const planned = await runAs(commander, () =>
    planRollbackAction({
      incidentId: incident.id,
      serviceId: service.id,
      strategy: "helm-rollback",
      params: { release, ...params },
      idempotencyKey: `helm-${release}-${Date.now()}`,
    }),
  );
  if (!planned.ok) throw new Error(`plan failed: ${planned.error}`);
  const started = await runAs(commander, () =>
    startRollbackAction({ actionId: planned.data.actionId, confirmation: service.name }),
  );
  expect(started.ok).toBe(true);
  const end = Date.now() + 120_000;
  for (;;) {
    const a = await db.rollbackAction.findUniqueOrThrow({ where: { id: planned.data.actionId } });
    if (["succeeded", "failed", "cancelled"].includes(a.state))
      return { action: a, plan: planned.data.plan, events: await eventsAfter(incident.id) };
    if (Date.now() > end) throw new Error(`rollback still ${a.state}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("helm rollback strategy", () => {
  beforeAll(() => Promise.all([goodThenBad("twin-a"), goodThenBad("twin-b")]), 300_000);

  it("plans without writing: revision, chart and app versions, the manifest diff with the Secret redacted", async () => {
    const before = await releaseSecrets("twin-a");
    expect(before.map((s: { name: string }) => s.name).sort()).toEqual([
      "sh.helm.release.v1.twin-a.v1",
      "sh.helm.release.v1.twin-a.v2",
    ]);
    const ctx = strategyContext(kubeconfig, ns);
    const plan = await helmRollback.plan(ctx, helmRollback.parseParams({ release: "twin-a" }));
    expect(plan.target).toBe(`k8s/${ctx.kube.context}/${ns}/helmrelease/twin-a`);
    expect(plan.data).toMatchObject({
      currentRevision: 2,
      targetRevision: 1,
      current: { chart: "web-release", version: "0.2.0", appVersion: "2.0", status: "deployed" },
      target: { chart: "web-release", version: "0.1.0", appVersion: "1.0", status: "superseded" },
    });
    expect(plan.diff).toEqual(
      expect.arrayContaining([
        { path: "revision", before: 2, after: "3 (a copy of revision 1)" },
        { path: "chart", before: "web-release-0.2.0 (app 2.0)", after: "web-release-0.1.0 (app 1.0)" },
        { path: "app version", before: "2.0", after: "1.0" },
        {
          path: "Deployment twin-a-web spec.template.spec.containers[0].image",
          before: "registry.k8s.io/pause:3.10",
          after: "registry.k8s.io/pause:3.9",
        },
        { path: "ConfigMap twin-a-extra", before: "present", after: "deleted by the rollback" },
        { path: "Secret twin-a-db stringData.password (value changed)", before: "[redacted]", after: "[redacted]" },
      ]),
    );
    expect(JSON.stringify(plan)).not.toMatch(/pw-1\.0|pw-2\.0/);
    expect(plan.warnings).toEqual([]);
    // helm's words for what it would refuse.
    await expect(
      helmRollback.plan(ctx, helmRollback.parseParams({ release: "twin-a", toRevision: 9 })),
    ).rejects.toThrow("release has no 9 version");
    await expect(helmRollback.plan(ctx, helmRollback.parseParams({ release: "nothing-here" }))).rejects.toThrow(
      /^release: not found/,
    );
    expect(await releaseSecrets("twin-a")).toEqual(before);
  });

  it("rolls back from the dashboard exactly as helm rollback does on the twin: same history, same objects", async () => {
    const { action, events } = await rollBackFromDashboard("twin-a");
    expect(action.state, JSON.stringify(action.result)).toBe("succeeded");
    await h(["rollback", "twin-b", "--wait", "--timeout", "60s"]);

    expect(await history("twin-a")).toEqual(await history("twin-b"));
    expect((await history("twin-a")).map((r) => [r.revision, r.status, r.description])).toEqual([
      [1, "superseded", "Install complete"],
      [2, "superseded", "Upgrade complete"],
      [3, "deployed", "Rollback to 1"],
    ]);
    const [a, b] = [await objects("twin-a"), await objects("twin-b")];
    expect(a.length).toBeGreaterThan(0);
    expect(a).toEqual(b);

    // helm's own lines are the step's progress on the timeline; the kubeconfig never is.
    const steps = events.filter((e) => e.kind === "rollback.step").map((e) => e.message);
    expect(steps[0]).toBe(`helm-rollback: running — helm rollback twin-a 1 --namespace ${ns} --wait --timeout 60s`);
    expect(steps.some((m) => /waiting for resource|all resources achieved desired status/.test(m))).toBe(true);
    expect(steps.at(-1)).toBe("helm-rollback: succeeded — Rollback was a success! Happy Helming!");
    expect(JSON.stringify(events)).not.toMatch(/certificate-authority|client-key|token:/);
    const checks = events.filter((e) => e.kind === "rollback.check").map((e) => e.message);
    expect(checks).toEqual([expect.stringMatching(/^✓ helm release: revision 3 is deployed, web-release-0\.1\.0/)]);

    // Run again with the same plan (a runner taking over after helm finished): it converges, no second revision.
    const again = await helmRollback.execute(strategyContext(kubeconfig, ns), storedPlan(action), recorder().report);
    expect(again).toEqual({ outcome: "skipped", message: "twin-a is already at revision 3, a copy of revision 1" });
    expect(await history("twin-a")).toHaveLength(3);
  });

  it("a target revision helm cannot build fails with helm's reason and leaves what helm leaves", async () => {
    const group = `w${randomBytes(3).toString("hex")}.rcc.test`;
    await kubectl(
      kubeconfig,
      ["apply", "-f", "-"],
      JSON.stringify({
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: `widgets.${group}` },
        spec: {
          group,
          scope: "Namespaced",
          names: { plural: "widgets", singular: "widget", kind: "Widget" },
          versions: [
            {
              name: "v1",
              served: true,
              storage: true,
              schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
            },
          ],
        },
      }),
    );
    await kubectl(kubeconfig, ["wait", "--for=condition=Established", `crd/widgets.${group}`, "--timeout=30s"]);
    const widget = ["--set", "widget.enabled=true", "--set", `widget.apiVersion=${group}/v1`];
    // Revision 1 holds a Widget; revision 2 does not; then the CRD goes: revision 1 cannot be built.
    await Promise.all(["crd-c", "crd-d"].map((n) => goodThenBad(n, widget)));
    await kubectl(kubeconfig, ["delete", "crd", `widgets.${group}`, "--wait=true"]);

    const { action, events } = await rollBackFromDashboard("crd-c");
    expect(action.state).toBe("failed");
    // With a fresh helm cache, as the dashboard runs helm (this test's own cache still maps Widget).
    const fresh = await mkdtemp(path.join(os.tmpdir(), "rcc-helm-fresh-"));
    const direct = await helmRaw(["rollback", "crd-d", "--namespace", ns, "--wait", "--timeout", "60s"], {
      home: fresh,
      kubeconfig,
    });
    await rm(fresh, { recursive: true, force: true });
    expect(direct.code).not.toBe(0);
    const helmError = direct.stderr
      .split("\n")
      .find((l) => l.startsWith("Error: "))!
      .slice("Error: ".length)
      .replaceAll("crd-d", "crd-c");
    expect(helmError).toMatch(/resource mapping not found .*Widget/);

    const failed = events.filter((e) => e.kind === "rollback.step" && e.message.startsWith("helm-rollback: failed"));
    expect(failed.map((e) => e.message)).toEqual([`helm-rollback: failed — ${helmError}`]);
    expect(action.error).toBe(`helm rollback crd-c 1 failed: ${helmError}`);
    expect(events.find((e) => e.kind === "rollback.failed")?.message).toContain(helmError);

    // The known state: helm recorded its pending rollback and stopped, on both twins alike.
    const hist = await history("crd-c");
    expect(hist).toEqual(await history("crd-d"));
    expect(hist.map((r) => [r.revision, r.status])).toEqual([
      [1, "superseded"],
      [2, "deployed"],
      [3, "pending-rollback"],
    ]);
    expect(await objects("crd-c")).toEqual(await objects("crd-d"));
    // The same plan again is refused: the release is no longer where the plan found it.
    await expect(
      helmRollback.execute(strategyContext(kubeconfig, ns), storedPlan(action), recorder().report),
    ).rejects.toThrow("crd-c is at revision 3 (pending-rollback), not 2 as planned; plan again");
    // Planning again now warns about the pending revision.
    const again = await helmRollback.plan(
      strategyContext(kubeconfig, ns),
      helmRollback.parseParams({ release: "crd-c" }),
    );
    expect(again.warnings).toEqual([expect.stringMatching(/^Revision 3 is pending-rollback/)]);
  });
});
