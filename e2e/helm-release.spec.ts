// A commander rolls back a Helm release from the incident page: the release is installed with the
// real helm (scripts/e2e.ts hands its path to the specs and to the server) at a good revision and
// upgraded to a bad one; the plan shows the revision helm will pick, the charts and the manifest
// diff (the chart's Secret redacted); the rollback is `helm rollback` with its lines on the
// timeline; `helm history` afterwards is helm's own record of it. The release is also labelled as
// Flux's (a real HelmRelease object, not suspended; helm-controller does not run here), so the plan
// says so and holds it (spec.suspend: true) before helm rolls back.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { fluxHelmRelease } from "../test/gitops/objects";
import { newSignedInPage } from "./helpers";
import {
  apply,
  confirmAndRollBack,
  createServiceRow,
  env,
  expectDiff,
  getJson,
  kubectl,
  namespace,
  openPlanner,
  previewPlan,
} from "./strategy-fixtures";

const CHART = path.join(import.meta.dirname, "../test/helm/fixtures/web-release");

test.describe.configure({ timeout: 180_000 });

test("Helm release: the commander rolls back to the previous revision with helm rollback", async ({ browser }) => {
  const ns = namespace("helm");
  const home = mkdtempSync(path.join(os.tmpdir(), "rcc-e2e-helm-"));
  const helm = (...args: string[]) =>
    execFileSync(env("E2E_HELM_BIN"), [...args, "--namespace", ns], {
      encoding: "utf8",
      env: { ...process.env, HOME: home, KUBECONFIG: env("KUBECONFIG") },
    });
  try {
    helm("install", "web", CHART, "--wait", "--timeout", "90s");
    const bad = execFileSync(
      env("E2E_HELM_BIN"),
      ["package", CHART, "--version", "0.2.0", "--app-version", "2.0", "-d", home],
      {
        encoding: "utf8",
        env: { ...process.env, HOME: home },
      },
    )
      .trim()
      .split(": ")
      .pop()!;
    helm(
      "upgrade",
      "web",
      bad,
      "--wait",
      "--timeout",
      "90s",
      "--set",
      "image=registry.k8s.io/pause:3.10",
      "--set",
      "extra=true",
    );

    // What Flux's helm-controller would have left: its labels on what it renders, and its HelmRelease.
    kubectl([
      "-n",
      ns,
      "label",
      "deployment",
      "web-web",
      "helm.toolkit.fluxcd.io/name=web",
      `helm.toolkit.fluxcd.io/namespace=${ns}`,
    ]);
    apply(ns, fluxHelmRelease("web", { chart: "web-release" }));

    const name = `helm-${ns}`;
    await createServiceRow({
      name,
      namespace: ns,
      deployments: [],
      strategyConfig: {
        helmReleases: ["web"],
        gitops: { holdable: [{ kind: "HelmRelease", namespace: ns, name: "web" }] },
      },
    });
    const { page, context } = await newSignedInPage(browser, "commander");
    const planner = await openPlanner(page, name, "Checkout broke with chart 0.2.0", "Helm rollback (helm rollback)");
    await expect(planner.getByLabel(/^Helm release/)).toHaveValue("web");
    await expect(planner.getByLabel(/^Namespace/)).toHaveValue(ns);

    const preview = await previewPlan(page);
    await expect(preview).toContainText(`helm rollback web 1 -n ${ns}: from revision 2`);
    await expectDiff(preview, "revision", "2", "3 (a copy of revision 1)");
    await expectDiff(preview, "chart", "web-release-0.2.0 (app 2.0)", "web-release-0.1.0 (app 1.0)");
    await expectDiff(
      preview,
      "Deployment web-web spec.template.spec.containers[0].image",
      "registry.k8s.io/pause:3.10",
      "registry.k8s.io/pause:3.9",
    );
    await expectDiff(preview, "ConfigMap web-extra", "present", "deleted by the rollback");
    await expectDiff(preview, "Secret web-db stringData.password (value changed)", "[redacted]", "[redacted]");
    await expect(preview).not.toContainText("pw-");
    await expect(preview.getByRole("region", { name: "Managed by" })).toContainText(
      `Deployment web-web is managed by Flux HelmRelease "web" in "${ns}", which is not suspended`,
    );
    await expect(preview.getByRole("checkbox", { name: `Hold GitOps sync: Flux HelmRelease ${ns}/web` })).toBeChecked();

    await confirmAndRollBack(page, name);
    const timeline = page.getByTestId("timeline");
    // The rollback is one timeline entry; helm's own lines are its rows, one click away.
    const entry = timeline.locator('[data-entry="rollback"]');
    await expect(entry).toHaveAttribute("data-state", "succeeded", { timeout: 120_000 });
    await entry.getByRole("button", { name: /Show its \d+ events/ }).click();
    await expect(timeline).toContainText(`helm rollback web 1 --namespace ${ns} --wait --timeout 300s`);
    await expect(timeline).toContainText("Rollback was a success! Happy Helming!");

    const history = JSON.parse(helm("history", "web", "-o", "json")) as {
      revision: number;
      status: string;
      description: string;
    }[];
    expect(history.map((r) => [r.revision, r.status, r.description])).toEqual([
      [1, "superseded", "Install complete"],
      [2, "superseded", "Upgrade complete"],
      [3, "deployed", "Rollback to 1"],
    ]);
    expect(getJson(ns, "deployment", "web-web").spec.template.spec.containers[0].image).toBe(
      "registry.k8s.io/pause:3.9",
    );
    // Held before helm ran: Flux would not upgrade the release back.
    expect(getJson(ns, "helmrelease", "web").spec.suspend).toBe(true);
    await page.reload(); // the active holds are server-rendered
    await expect(page.getByRole("region", { name: /GitOps holds/ })).toContainText(`HelmRelease ${ns}/web`);
    await context.close();
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
