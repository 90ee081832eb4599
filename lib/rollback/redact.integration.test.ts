// What people see of a rollback whose Deployment holds a secret inline in its env, on the real
// control plane and Postgres: a viewer reading the rollbacks route gets no plan data and no env
// value, a commander gets the data with env values redacted, the timeline and the captured YAML
// hold no value, and the retention sweep deletes an expired artifact and keeps a fresh one.
import { randomBytes } from "node:crypto";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { GET as rollbacksRoute } from "@/app/api/incidents/[id]/rollbacks/route";
import { planRollbackAction } from "@/lib/actions/plan-rollback";
import { runAs, type ActingUser } from "@/lib/auth/acting-user";
import { db } from "@/lib/db";
import { eventsAfter } from "@/lib/incidents/timeline";
import { captureBeforeChange } from "@/lib/rollback/capture";
import { incidentArtifacts, type RollbackView } from "@/lib/rollback/queries";
import { REDACTED } from "@/lib/rollback/redact";
import { sweepExpiredArtifacts } from "@/lib/rollback/sweep-artifacts";
import {
  IMG,
  apply,
  createNamespace,
  deleteNamespace,
  deployment,
  strategyContext,
  waitObserved,
} from "@/test/k8s/helpers";
import { userWithRole } from "@/test/helpers/users";

const kubeconfig = inject("kubeconfig");
process.env.KUBECONFIG = kubeconfig;
const SECRET = `inline-${randomBytes(6).toString("hex")}`;
const OLD_SECRET = `older-${randomBytes(6).toString("hex")}`;

let ns: string;
let incidentId: string;
let serviceId: string;
let commander: ActingUser;
let viewer: ActingUser;

const web = (image: string, password: string) =>
  deployment("web", {
    image,
    replicas: 1,
    extra: {
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "app", image, env: [{ name: "DB_PASSWORD", value: password }] }] },
      },
    },
  });

const readRollbacks = async (who: ActingUser): Promise<RollbackView[]> => {
  const res = await runAs(who, () =>
    rollbacksRoute(new Request(`http://rcc.test/api/incidents/${incidentId}/rollbacks`), {
      params: Promise.resolve({ id: incidentId }),
    }),
  );
  expect(res.status).toBe(200);
  return res.json();
};

beforeAll(async () => {
  ns = await createNamespace(kubeconfig, "redact");
  // revision 1 good, revision 2 bad: both carry the password inline
  await apply(kubeconfig, ns, web(IMG("3.9"), OLD_SECRET));
  await waitObserved(kubeconfig, ns, "web");
  await apply(kubeconfig, ns, web(IMG("3.10"), SECRET));
  await waitObserved(kubeconfig, ns, "web");
  commander = await userWithRole("commander", "redact");
  viewer = await userWithRole("viewer", "redact");
  const service = await db.service.create({
    data: { name: `redact-${ns}`, namespace: ns, deployments: ["web"], rolloutTimeoutSec: 60 },
  });
  serviceId = service.id;
  incidentId = (await db.incident.create({ data: { title: "web leaks", severity: "P2", serviceId } })).id;
}, 180_000);

afterAll(() => deleteNamespace(kubeconfig, ns));

describe("plans, diffs and captured YAML of a Deployment with an inline env secret", () => {
  it("a viewer gets no data and no env value; a commander gets the data with env values redacted", async () => {
    const planned = await runAs(commander, () =>
      planRollbackAction({
        incidentId,
        serviceId,
        strategy: "deployment-undo",
        params: { deployment: "web" },
        idempotencyKey: `redact-${randomBytes(6).toString("hex")}`,
      }),
    );
    if (!planned.ok) throw new Error(planned.error);
    // the planner's answer (a commander's): data, without values
    expect(planned.data.plan.data).toMatchObject({ toRevision: 1, replicaSet: { name: expect.any(String) } });
    expect(JSON.stringify(planned.data.plan)).not.toMatch(new RegExp(`${SECRET}|${OLD_SECRET}`));
    expect(planned.data.plan.diff).toContainEqual({ path: "env app DB_PASSWORD", before: REDACTED, after: REDACTED });
    // what the runner will execute still holds the real template
    const stored = await db.rollbackAction.findUniqueOrThrow({ where: { id: planned.data.actionId } });
    expect(JSON.stringify(stored.plan)).toContain(OLD_SECRET);

    const [asViewer] = await readRollbacks(viewer);
    expect(asViewer.id).toBe(planned.data.actionId);
    expect(asViewer.plan).not.toHaveProperty("data");
    expect(asViewer.plan.params).toEqual({ deployment: "web", toRevision: 0 });
    expect(JSON.stringify(asViewer)).not.toMatch(new RegExp(`${SECRET}|${OLD_SECRET}`));

    const [asCommander] = await readRollbacks(commander);
    const patch = (asCommander.plan.data as { patch: { path: string; value: unknown }[] }).patch;
    expect(patch[0]).toMatchObject({
      path: "/spec/template",
      value: { spec: { containers: [{ env: [{ name: "DB_PASSWORD", value: REDACTED }] }] } },
    });
    expect(JSON.stringify(asCommander)).not.toMatch(new RegExp(`${SECRET}|${OLD_SECRET}`));

    // the timeline (read by viewers too) names the variable, not its values
    const events = await eventsAfter(incidentId);
    const plannedEvent = events.find((e) => e.kind === "rollback.planned");
    expect(JSON.stringify(plannedEvent?.payload)).toContain("env app DB_PASSWORD");
    expect(JSON.stringify(events)).not.toMatch(new RegExp(`${SECRET}|${OLD_SECRET}`));
  });

  it("captured YAML of the Deployment keeps the env var's name and no value", async () => {
    const res = await captureBeforeChange(strategyContext(kubeconfig, ns), { namespace: ns, deployment: "web" });
    const yaml = res.artifacts.find((a) => a.name === "deployment/web.yaml");
    expect(yaml?.content).toBeDefined();
    expect(yaml!.content).not.toContain(SECRET);
    const d = parse(yaml!.content);
    expect(d.spec.template.spec.containers[0].env).toEqual([{ name: "DB_PASSWORD", value: REDACTED }]);
    // kubectl apply's annotation repeats the whole object, values included
    expect(d.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]).toBe(REDACTED);
  });
});

describe("artifact retention", () => {
  it("the sweep deletes an artifact past RCC_ARTIFACT_RETENTION_DAYS (30) and keeps a fresh one", async () => {
    const day = 24 * 60 * 60 * 1000;
    const artifact = (name: string, ageDays: number) =>
      db.artifact.create({
        data: {
          incidentId,
          kind: "yaml",
          name,
          contentType: "application/yaml",
          content: "kind: Deployment\n",
          size: 17,
          createdAt: new Date(Date.now() - ageDays * day),
        },
      });
    const old = await artifact("deployment/old.yaml", 31);
    const fresh = await artifact("deployment/fresh.yaml", 29);
    const listed = await incidentArtifacts(incidentId);
    expect(listed.find((a) => a.id === fresh.id)?.expiresAt).toBe(
      new Date(fresh.createdAt.getTime() + 30 * day).toISOString(),
    );

    expect(await sweepExpiredArtifacts()).toBeGreaterThanOrEqual(1);
    expect(await db.artifact.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await db.artifact.findUnique({ where: { id: fresh.id } })).not.toBeNull();
    // idempotent: a second sweep (another replica) deletes nothing more of these
    await sweepExpiredArtifacts();
    expect((await incidentArtifacts(incidentId)).map((a) => a.name)).toEqual(["deployment/fresh.yaml"]);
  });
});
