// Annotated workloads become services without a click: one pass of the background sync on the real
// control plane and Postgres writes the service the annotations describe, and a second pass changes
// nothing.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { IMG, apply, createNamespace, deleteNamespace, deployment, waitObserved } from "@/test/k8s/helpers";
import { syncAnnotatedServices } from "./sync-annotated-services";

const kubeconfig = inject("kubeconfig");
const name = `annotated-${Math.random().toString(36).slice(2, 7)}`;
let ns: string;

beforeAll(async () => {
  ns = await createNamespace(kubeconfig, "annot");
  const d = deployment("web", { image: IMG("3.9"), replicas: 1 });
  await apply(kubeconfig, ns, {
    ...d,
    metadata: {
      ...d.metadata,
      annotations: {
        "rollback-command-center.io/service": name,
        "rollback-command-center.io/trigger-policy": "off",
      },
    },
  });
  await waitObserved(kubeconfig, ns, "web");
});
afterAll(() => deleteNamespace(kubeconfig, ns));

describe("annotation sync", () => {
  it("creates the annotated service, managed by annotations, and a second pass changes nothing", async () => {
    const first = await syncAnnotatedServices({ kubeconfigPath: kubeconfig, namespace: ns });
    expect(first.created).toContain(name);
    const row = await db.service.findUniqueOrThrow({ where: { name } });
    expect(row).toMatchObject({ managedBy: "annotation", namespace: ns, deployments: ["web"], triggerPolicy: "off" });
    const audit = await db.serviceAudit.findMany({ where: { serviceName: name } });
    expect(audit.map((a) => [a.action, a.source, a.actorName])).toEqual([["create", "annotation", "discovery"]]);

    const second = await syncAnnotatedServices({ kubeconfigPath: kubeconfig, namespace: ns });
    expect(second.created).not.toContain(name);
    expect(await db.serviceAudit.count({ where: { serviceName: name } })).toBe(1);
  });
});
