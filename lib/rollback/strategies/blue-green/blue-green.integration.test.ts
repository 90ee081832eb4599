import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { kubeClients } from "@/lib/k8s/clients";
import { podLabels, serviceEndpoints } from "@/lib/k8s/services";
import {
  IMG,
  apply,
  createNamespace,
  deleteNamespace,
  deployment,
  getJson,
  limitedKubeconfig,
  recorder,
  strategyContext,
} from "@/test/k8s/helpers";
import { kubectl } from "@/test/cluster/kubectl";
import { blueGreen } from "@/lib/rollback/strategies/blue-green/strategy";
import { blueGreenApp } from "@/test/helm/strategy-fixtures";

const kubeconfig = inject("kubeconfig");
let ns: string;
let server: http.Server;
let versionUrl: string;

beforeAll(async () => {
  ns = await createNamespace(kubeconfig, "rcc-bg");
  await blueGreenApp(kubeconfig, ns);
  // The service's "version endpoint": real HTTP, answered by whichever pod the Service routes to
  // right now (kwok pods serve nothing, so this stands in for them, reading the live EndpointSlices).
  const ctx = { kube: kubeClients(undefined, kubeconfig) };
  server = http.createServer(async (_req, res) => {
    const eps = (await serviceEndpoints(ctx, ns, "web")).filter((e) => e.ready && e.pod);
    const pods = await podLabels(ctx, ns, "app=web");
    const pick = eps[Math.floor(Math.random() * eps.length)];
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ version: pick ? (pods.get(pick.pod!)?.color ?? "unknown") : "none" }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  versionUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/version`;
});
afterAll(async () => {
  server?.close();
  await deleteNamespace(kubeconfig, ns);
});

describe("blue-green", () => {
  it("waits until green is what the Service routes to (starting state)", async () => {
    const ctx = strategyContext(kubeconfig, ns);
    for (let i = 0; i < 100; i++) {
      const eps = await serviceEndpoints(ctx, ns, "web");
      if (eps.length === 2 && eps.every((e) => e.pod?.startsWith("web-green"))) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error("green endpoints never appeared");
  });

  it("plans (dry run, selector diff), switches, proves it with EndpointSlices and the version URL, then scales green to 0", async () => {
    const ctx = strategyContext(kubeconfig, ns);
    const plan = await blueGreen.plan(
      ctx,
      blueGreen.parseParams({
        service: "web",
        stableColor: "blue",
        badColor: "green",
        scaleDown: true,
        versionUrl,
        samples: 8,
      }),
    );
    expect(plan.diff).toEqual([
      { path: "selector color", before: "green", after: "blue" },
      { path: "replicas web-green", before: 2, after: 0 },
    ]);
    expect(plan.dryRun).toEqual({
      ok: true,
      message:
        'the API server accepted the selector app=web,color=blue, then the scale of deployment "web-green" to 0 (dry run)',
    });
    expect(plan.warnings).toEqual([]);
    expect((await getJson(kubeconfig, ns, "service", "web")).spec.selector.color).toBe("green"); // dry run only
    expect((await getJson(kubeconfig, ns, "deployment", "web-green")).spec.replicas).toBe(2);

    const { steps, report } = recorder();
    const res = await blueGreen.execute(ctx, JSON.parse(JSON.stringify(plan)), report);
    expect(res.outcome).toBe("succeeded");
    expect(steps.filter((s) => s.state === "succeeded").map((s) => s.step)).toEqual([
      "switch-selector",
      "confirm-endpoints",
      "sample-version",
      "scale-down web-green",
    ]);
    expect((res.data as any).versions.counts).toEqual({ blue: 8 });
    expect((await getJson(kubeconfig, ns, "service", "web")).spec.selector).toEqual({ app: "web", color: "blue" });
    expect((await getJson(kubeconfig, ns, "deployment", "web-green")).spec.replicas).toBe(0);
    const checks = await blueGreen.verify(ctx, plan);
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ["selector", true],
      ["endpoints", true],
      ["version", true],
    ]);
  });

  it("is a no-op when the Service already selects the stable color", async () => {
    const plan = await blueGreen.plan(strategyContext(kubeconfig, ns), {
      service: "web",
      stableColor: "blue",
      badColor: "green",
      colorLabel: "color",
      scaleDown: false,
      samples: 3,
    });
    expect(plan.noop).toMatch(/already selects color=blue/);
  });

  it("surfaces RBAC and missing Services as AppErrors", async () => {
    const ro = await limitedKubeconfig(kubeconfig, ns, "bg-viewer", [
      { apiGroups: [""], resources: ["services", "pods"], verbs: ["get", "list"] },
      { apiGroups: ["apps"], resources: ["deployments"], verbs: ["list"] },
    ]);
    await kubectl(kubeconfig, ["-n", ns, "patch", "service", "web", "-p", '{"spec":{"selector":{"color":"green"}}}']);
    const c = strategyContext(ro, ns);
    const plan = await blueGreen.plan(c, {
      service: "web",
      stableColor: "blue",
      badColor: "green",
      colorLabel: "color",
      scaleDown: false,
      samples: 3,
    });
    expect(plan.dryRun?.message).toMatch(/^the cluster's RBAC forbids patch services "web" in namespace /);
    await expect(blueGreen.execute(c, plan, () => {})).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      blueGreen.plan(strategyContext(kubeconfig, ns), {
        service: "nope",
        stableColor: "blue",
        badColor: "green",
        colorLabel: "color",
        scaleDown: false,
        samples: 3,
      }),
    ).rejects.toMatchObject({ code: "not_found", userMessage: 'services "nope" not found' });
  });
});
