// The RBAC check against the real control plane: a least-privilege ServiceAccount is told exactly
// which verbs its strategies lack; the admin lacks none; a cluster that does not answer says so.
// Then the whole settings check through its server action (real Prometheus and real URLs).
import net from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkServiceSettingsAction } from "@/lib/actions/check-service-settings";
import { runAs, type ActingUser } from "@/lib/auth/acting-user";
import { serviceSettingsSchema, type ServiceSettingsInput } from "@/lib/services/service-settings";
import { ADMIN, DOWN, LIMITED, multiContextKubeconfig } from "@/test/k8s/contexts";
import { apply, createNamespace, deleteNamespace, deployment } from "@/test/k8s/helpers";
import { checkClusterAccess } from "./check-cluster-access";

const kubeconfig = inject("kubeconfig");
const prometheusUrl = inject("prometheusUrl");
const admin: ActingUser = { id: "rbac-admin", email: "a@test.local", name: "admin", role: "admin" };

let ns: string;
let file: string;

beforeAll(async () => {
  ns = await createNamespace(kubeconfig, "rbac");
  await apply(kubeconfig, ns, deployment("web"));
  ({ path: file } = await multiContextKubeconfig(kubeconfig, {
    namespace: ns,
    serviceAccount: "checker",
    rules: [
      { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list"] },
      { apiGroups: ["apps"], resources: ["replicasets"], verbs: ["list"] },
      { apiGroups: [""], resources: ["pods"], verbs: ["list"] },
      { apiGroups: [""], resources: ["configmaps"], verbs: ["get"] },
    ],
  }));
});

afterAll(async () => {
  if (ns) await deleteNamespace(kubeconfig, ns);
});

const settings = (over: Partial<ServiceSettingsInput> = {}) =>
  serviceSettingsSchema.parse({
    name: "rbac-svc",
    clusterContext: LIMITED,
    namespace: ns,
    deployments: ["web"],
    strategies: { flags: { source: "configmap", name: "web-flags" } },
    ...over,
  });

describe("checkClusterAccess", () => {
  it("names exactly the verbs a limited ServiceAccount is missing, per configured strategy", async () => {
    const r = await checkClusterAccess(settings(), { kubeconfigPath: file });
    expect(r.ok).toBe(false);
    expect(r.contexts).toEqual([
      {
        context: LIMITED,
        server: expect.any(String),
        reachable: true,
        version: expect.stringMatching(/^v1\./),
        error: null,
      },
    ]);
    expect(r.strategies.map((s) => [s.kind, s.problems])).toEqual([
      ["deployment-undo", [`missing: patch, watch apps/deployments in ${ns}`, `missing: get pods/log in ${ns}`]],
      ["feature-flag", [`missing: patch configmaps in ${ns}`]],
    ]);
    expect(r.notConfigured).toEqual([
      "blue-green",
      "canary",
      "db-migration",
      "db-restore",
      "dr-failover",
      "helm-rollback",
    ]);
    const undo = r.strategies[0].rules.find((x) => x.resource === "deployments")!;
    expect([undo.allowed, undo.missing]).toEqual([["get"], ["patch", "watch"]]);
  });

  it("checks each rule on its own context (DR on the admin's), and passes where everything is allowed", async () => {
    const dr = await checkClusterAccess(settings({ strategies: { dr: { context: ADMIN, namespace: ns } } }), {
      kubeconfigPath: file,
    });
    expect(dr.contexts.map((c) => [c.context, c.reachable])).toEqual([
      [LIMITED, true],
      [ADMIN, true],
    ]);
    expect(dr.strategies.find((s) => s.kind === "dr-failover")!.problems).toEqual([`missing: get pods/log in ${ns}`]);

    const full = await checkClusterAccess(settings({ clusterContext: ADMIN }), { kubeconfigPath: file });
    expect(full.ok).toBe(true);
    expect(full.strategies.flatMap((s) => s.problems)).toEqual([]);
  });

  it("reports a cluster that does not answer, and checks nothing there", async () => {
    const r = await checkClusterAccess(settings({ clusterContext: DOWN }), {
      kubeconfigPath: file,
      requestTimeoutMs: 3000,
    });
    expect(r.ok).toBe(false);
    expect(r.contexts[0]).toMatchObject({ context: DOWN, reachable: false });
    expect(r.contexts[0].error).toMatch(/^Kubernetes API server unreachable at /);
    expect(r.strategies[0].problems[0]).toBe(
      `get, patch, watch apps/deployments in ${ns}: not checked: context ${DOWN} did not answer`,
    );
  });
});

describe("checkServiceSettingsAction", () => {
  const saved = { KUBECONFIG: process.env.KUBECONFIG, PROMETHEUS_URL: process.env.PROMETHEUS_URL };
  beforeAll(() => {
    process.env.KUBECONFIG = file;
    process.env.PROMETHEUS_URL = prometheusUrl;
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it("answers invalid settings with field errors before asking anything", async () => {
    const r = await runAs(admin, () =>
      checkServiceSettingsAction({ name: "Not A Name", strategies: { blueGreen: { stableColor: "blue" } } }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe("invalid");
    expect(Object.keys(r.fieldErrors ?? {})).toEqual(
      expect.arrayContaining(["name", "strategies.blueGreen.service", "strategies.blueGreen.badColor"]),
    );
  });

  it("runs the RBAC check, the PromQL previews and the URL probes for submitted settings", async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const r = await runAs(admin, () =>
      checkServiceSettingsAction({
        name: "rbac-svc",
        clusterContext: LIMITED,
        namespace: ns,
        deployments: ["web"],
        healthUrl: `${prometheusUrl}/-/healthy`,
        readyUrl: `http://127.0.0.1:${port}/ready`,
        promQueries: { business: "sum(up)" },
      }),
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.data.access.strategies.map((s) => [s.kind, s.problems.length])).toEqual([["deployment-undo", 2]]);
    expect(r.data.urls.map((u) => [u.field, u.ok, u.status])).toEqual([
      ["healthUrl", true, 200],
      ["readyUrl", false, null],
    ]);
    expect(r.data.urls[1].message).toBe("connection refused");
    // The exporter has no series for this service: the defaults say "no data"; the override has data.
    expect(r.data.promql.errorRate).toMatchObject({ status: "no-data", overridden: false });
    expect(r.data.promql.business).toMatchObject({ status: "ok", overridden: true, seriesCount: 1 });
  });
});
