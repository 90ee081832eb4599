// The classifier's sentences from real failures: the test control plane (an identity RBAC refuses,
// a CA the kubeconfig lacks), a context the kubeconfig does not have, an address nothing listens
// on, and no configuration at all (the "Preview plan" case of issue 17).
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { k8s } from "@/lib/k8s/call";
import { kubeClients, resetKubeClients, serviceKubeClients } from "@/lib/k8s/clients";
import { getDeployment } from "@/lib/k8s/deployments";
import { kubectlJson } from "@/test/cluster/kubectl";
import { runAs } from "@/lib/auth/acting-user";
import { db } from "@/lib/db";
import { planRollbackAction } from "@/lib/actions/plan-rollback";
import { userWithRole } from "@/test/helpers/users";
import { ADMIN, DOWN, LIMITED, multiContextKubeconfig } from "@/test/k8s/contexts";
import { createNamespace, deleteNamespace } from "@/test/k8s/helpers";

const kubeconfig = inject("kubeconfig");
let ns = "";
let multi = { path: "", server: "" };
let dir = "";
const saved = { KUBECONFIG: process.env.KUBECONFIG, HOME: process.env.HOME };

beforeAll(async () => {
  ns = await createNamespace(kubeconfig, "rcc-describe");
  dir = await mkdtemp(path.join(os.tmpdir(), "rcc-describe-"));
  multi = await multiContextKubeconfig(kubeconfig, {
    namespace: ns,
    serviceAccount: "reader",
    rules: [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["get"] }],
  });
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  resetKubeClients();
  await deleteNamespace(kubeconfig, ns);
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable("expected a rejection"),
    (e: unknown) => e,
  );

describe("Kubernetes failures in words a commander can act on", () => {
  it("forbidden by RBAC: the verb, resource, namespace and identity, and where to grant it", async () => {
    const kube = kubeClients(LIMITED, multi.path);
    const e = await failure(
      k8s({ kube }, `list Pods in "${ns}"`, () => kube.core.listNamespacedPod({ namespace: ns })),
    );
    expect(e).toMatchObject({ code: "forbidden" });
    expect((e as Error).message).toBe(
      `the cluster's RBAC forbids list pods in namespace "${ns}" for system:serviceaccount:${ns}:reader ` +
        `(the dashboard tried to list Pods in "${ns}" on context "${LIMITED}"). Grant it in the chart's rbac ` +
        `values (rbac.namespaces, or rbac.clusterWide); a verb the dashboard's table lacks goes in ` +
        `lib/rollback/access-table.ts (npm run gen:rbac), or in the Role bound to system:serviceaccount:${ns}:reader.`,
    );
  });

  it("apiserver unreachable: the server URL and the context to fix", async () => {
    const kube = kubeClients(DOWN, multi.path);
    const e = await failure(getDeployment({ kube, requestTimeoutMs: 5_000 }, ns, "web"));
    expect(e).toMatchObject({ code: "unavailable" });
    expect((e as Error).message).toBe(
      `Kubernetes API server unreachable at ${kube.server}: ECONNREFUSED, nothing listens there (the dashboard ` +
        `tried to read Deployment "${ns}/web" on context "${DOWN}"). Check the server URL of context "${DOWN}" in ` +
        `the kubeconfig ${multi.path}, and that the apiserver is up and reachable from the dashboard.`,
    );
  });

  it("a context the kubeconfig lacks: named, with the ones it has", () => {
    process.env.KUBECONFIG = multi.path;
    resetKubeClients();
    expect(() => serviceKubeClients({ clusterContext: "prod-eu" })).toThrow(
      `Kubernetes context "prod-eu" is not in KUBECONFIG (${multi.path}); its contexts are "${ADMIN}", "${LIMITED}", ` +
        `"${DOWN}". Set the service's cluster context in the catalog to one of them, or add "prod-eu" to the kubeconfig.`,
    );
  });

  it("certificate refused: a kubeconfig without the cluster's CA", async () => {
    const admin = await kubectlJson<any>(kubeconfig, ["config", "view", "--raw", "--minify"]);
    delete admin.clusters[0].cluster["certificate-authority-data"];
    delete admin.clusters[0].cluster["certificate-authority"];
    const file = path.join(dir, "no-ca");
    await writeFile(file, JSON.stringify(admin), { mode: 0o600 });
    const kube = kubeClients(undefined, file);
    const e = await failure(
      k8s({ kube }, 'read Namespace "default"', () => kube.core.readNamespace({ name: "default" })),
    );
    expect(e).toMatchObject({ code: "unavailable" });
    expect((e as Error).message).toMatch(
      new RegExp(
        `^the Kubernetes API server at ${kube.server.replaceAll(".", "\\.")} presented a certificate that is not ` +
          `signed by a CA the kubeconfig trusts \\([A-Z_]+\\) \\(the dashboard tried to read Namespace "default" on ` +
          `context "${kube.context}"\\): fix certificate-authority-data`,
      ),
    );
  });

  it("no cluster configured: says where the dashboard looked, not client-node's http:// refusal", async () => {
    delete process.env.KUBECONFIG;
    process.env.HOME = dir; // no .kube/config here; no in-cluster token on a test machine
    resetKubeClients();
    const kube = serviceKubeClients({ clusterContext: "default" });
    const e = await failure(getDeployment({ kube }, "shop", "web"));
    expect((e as Error).message).toMatch(
      /^no Kubernetes cluster is configured to read Deployment "shop\/web": the dashboard looked for KUBECONFIG \(not set\), .*\.kube\/config \(missing\) and the in-cluster service account/,
    );
    expect(() => serviceKubeClients({ clusterContext: "prod" })).toThrow(
      /^Kubernetes context "prod" is not configured: no Kubernetes cluster is configured/,
    );
  });

  it("Preview plan with no cluster: the planner says no cluster is configured and where it looked", async () => {
    delete process.env.KUBECONFIG;
    process.env.HOME = dir;
    resetKubeClients();
    const tag = Date.now().toString(36);
    const service = await db.service.create({
      data: { name: `no-cluster-${tag}`, namespace: "shop", deployments: ["web"] },
    });
    const incident = await db.incident.create({ data: { title: "no cluster", severity: "P2", serviceId: service.id } });
    const commander = await userWithRole("commander", `no-cluster-${tag}`);
    const r = await runAs(commander, () =>
      planRollbackAction({
        incidentId: incident.id,
        serviceId: service.id,
        strategy: "deployment-undo",
        params: { deployment: "web" },
        idempotencyKey: `no-cluster-${tag}`,
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(
      /^no Kubernetes cluster is configured to .*: the dashboard looked for KUBECONFIG \(not set\), .*\.kube\/config \(missing\) and the in-cluster service account .*Point KUBECONFIG at a kubeconfig/,
    );
    expect(r.error).not.toMatch(/HTTP protocol is not allowed|skipTLSVerify/);
    // Nothing was planned.
    expect(await db.rollbackAction.count({ where: { incidentId: incident.id } })).toBe(0);
  });
});
