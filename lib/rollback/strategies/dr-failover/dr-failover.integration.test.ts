// DR failover across TWO real control planes (the suite's primary and a "dr" one started here),
// with local HTTP receivers standing in for the DNS-switch webhook and a PagerDuty Events v2 endpoint.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { setStatusNoticeHook, type StatusNotice } from "@/lib/rollback/strategies/dr-failover/notify";
import {
  IMG,
  apply,
  createNamespace,
  deleteNamespace,
  deployment,
  getJson,
  recorder,
  strategyContext,
  waitObserved,
} from "@/test/k8s/helpers";
import { kubectl } from "@/test/cluster/kubectl";
import { startCluster, type Cluster } from "@/test/cluster/launcher";
import { drFailover } from "@/lib/rollback/strategies/dr-failover/strategy";
import { db } from "@/lib/db";

const kubeconfig = inject("kubeconfig");
let dr: Cluster;
let ns: string;
let receiver: http.Server;
const dnsCalls: { headers: http.IncomingHttpHeaders; body: any }[] = [];
const pages: any[] = [];
let dnsFailuresLeft = 1;

beforeAll(async () => {
  [dr, ns] = await Promise.all([startCluster({ name: "dr", nodes: 2 }), createNamespace(kubeconfig, "rcc-dr")]);
  await kubectl(dr.kubeconfigPath, ["create", "namespace", ns]);
  // Revision 1 is good (pause:3.9), revision 2 is the bad deploy (pause:3.10).
  await apply(kubeconfig, ns, deployment("web", { image: IMG("3.9"), replicas: 2 }));
  await waitObserved(kubeconfig, ns, "web");
  await kubectl(kubeconfig, ["-n", ns, "set", "image", "deployment/web", `app=${IMG("3.10")}`]);
  await kubectl(kubeconfig, ["-n", ns, "rollout", "status", "deployment/web", "--timeout=60s"]);

  receiver = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (d) => (raw += d));
    req.on("end", () => {
      const body = JSON.parse(raw || "{}");
      if (req.url === "/dns/switch") {
        dnsCalls.push({ headers: req.headers, body });
        if (dnsFailuresLeft-- > 0) return res.writeHead(500).end("upstream DNS API down");
        return res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      }
      if (req.url === "/v2/enqueue") {
        pages.push(body);
        return res
          .writeHead(202, { "content-type": "application/json" })
          .end(JSON.stringify({ status: "success", message: "Event processed", dedup_key: body.dedup_key }));
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    RCC_SERVICE_DR_KUBECONFIG: dr.kubeconfigPath,
    RCC_SERVICE_DNS_WEBHOOK_URL: `${base}/dns/switch`,
    RCC_SERVICE_DNS_TOKEN: "dns-secret-token",
    RCC_SERVICE_PAGING_URL: base,
    RCC_SERVICE_PAGING_KEY: "R0UTINGKEY0123456789",
  });
}, 300_000);

afterAll(async () => {
  receiver?.close();
  setStatusNoticeHook(undefined);
  await deleteNamespace(kubeconfig, ns);
  await dr?.stop();
});

const params = (steps: string[]) =>
  drFailover.parseParams({
    deployment: "web",
    steps: steps.join(","), // as a form sends checkboxes joined
    drContext: "dr",
    drKubeconfigEnv: "RCC_SERVICE_DR_KUBECONFIG",
    revision: "previous",
    replicas: "3",
    dnsWebhookUrlEnv: "RCC_SERVICE_DNS_WEBHOOK_URL",
    dnsWebhookTokenEnv: "RCC_SERVICE_DNS_TOKEN",
    pagingUrlEnv: "RCC_SERVICE_PAGING_URL",
    pagingRoutingKeyEnv: "RCC_SERVICE_PAGING_KEY",
    bridgeLine: "Bridge: https://meet.example.com/shop-sev1 · +1 555 0100 PIN 4242",
    drNamespace: "",
  });

describe("dr-failover", () => {
  it("fails over to the DR cluster, stops at the failing DNS step, and retries that step alone", async () => {
    const ctx = strategyContext(kubeconfig, ns, { timeoutMs: 90_000 });
    const plan = await drFailover.plan(ctx, params(["failover", "dns", "page", "status-notice", "bridge"]));
    expect(plan.target).toBe(`dr/dr/${ns}/deployment/web`);
    expect(plan.dryRun).toMatchObject({ ok: true });
    expect(plan.data.origin).toMatch(/revision 1$/);
    expect(plan.diff[0]).toEqual({ path: "dr deployment web", before: "absent", after: `app=${IMG("3.9")} ×3` });
    const shown = JSON.stringify(plan);
    for (const secret of ["dns-secret-token", "R0UTINGKEY0123456789", "/dns/switch"])
      expect(shown).not.toContain(secret);

    const rec = recorder();
    const failure = await drFailover.execute(ctx, plan, rec.report).catch((e: unknown) => e);
    expect(failure).toMatchObject({
      userMessage: expect.stringMatching(/DR step "dns" failed \(done: failover\).*500.*Retry "dns" on its own/),
    });
    // Only the status: the receiver's body never reaches the timeline or chat.
    expect(JSON.stringify([(failure as { userMessage: string }).userMessage, rec.steps])).not.toContain(
      "upstream DNS API down",
    );
    const final = rec.steps.filter((s) => s.state !== "running").map((s) => `${s.step}:${s.state}`);
    expect(final).toEqual(["failover:succeeded", "dns:failed"]);
    expect(pages).toHaveLength(0); // nothing after the failed step ran

    const drDep = await getJson(dr.kubeconfigPath, ns, "deployment", "web");
    expect(drDep.spec.template.spec.containers[0].image).toBe(IMG("3.9"));
    expect(drDep.status.readyReplicas).toBe(3);
    expect(drDep.metadata.annotations["rollback-command-center.dev/failover-from"]).toMatch(/revision 1$/);
    expect(await drFailover.verify(ctx, plan)).toEqual([
      expect.objectContaining({ name: "DR rollout complete", ok: true }),
      expect.objectContaining({ name: "DR runs the good template", ok: true }),
    ]);

    // The retry: a new, separately confirmed action with only the failed step.
    const retry = await drFailover.plan(ctx, params(["dns"]));
    const rec2 = recorder();
    await drFailover.execute(ctx, retry, rec2.report);
    expect(rec2.steps.at(-1)).toMatchObject({ step: "dns", state: "succeeded" });
    expect(dnsCalls).toHaveLength(2);
    expect(dnsCalls[1].headers.authorization).toBe("Bearer dns-secret-token");
    expect(dnsCalls[1].headers["idempotency-key"]).toBe(retry.data.idempotencyKey);
    expect(dnsCalls[1].body).toMatchObject({ event: "dr-failover", service: "web", namespace: ns, to: "dr" });
  });

  it("pages on-call (PagerDuty Events v2), hands the status notice to the comms hook and shows the bridge line", async () => {
    const notices: StatusNotice[] = [];
    setStatusNoticeHook(async (n) => (notices.push(n), { published: true, detail: "published to the status page" }));
    const ctx = strategyContext(kubeconfig, ns);
    const plan = await drFailover.plan(ctx, params(["page", "status-notice", "bridge"]));
    const rec = recorder();
    const res = await drFailover.execute(ctx, plan, rec.report);
    expect(res.outcome).toBe("succeeded");
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({
      routing_key: "R0UTINGKEY0123456789",
      event_action: "trigger",
      dedup_key: `rcc-failover/dr/${ns}/web`,
      payload: {
        severity: "critical",
        source: "rollback-command-center",
        component: "web",
        summary: expect.stringContaining("DR failover of web"),
      },
    });
    expect(notices[0].text).toMatch(/disaster-recovery site/);
    expect(rec.steps.find((s) => s.step === "bridge" && s.state === "succeeded")?.detail).toContain(
      "meet.example.com/shop-sev1",
    );
  });

  it("re-applying the failover is idempotent (server-side apply), and a missing setting fails only its step", async () => {
    const ctx = strategyContext(kubeconfig, ns, { timeoutMs: 60_000 });
    const plan = await drFailover.plan(ctx, params(["failover"]));
    expect(plan.diff[0].before).toBe(`app=${IMG("3.9")} ×3`);
    await drFailover.execute(ctx, plan, recorder().report);
    const noKey = drFailover.parseParams({
      deployment: "web",
      drContext: "dr",
      drKubeconfigEnv: "RCC_SERVICE_DR_KUBECONFIG",
      steps: ["page"],
    });
    const p2 = await drFailover.plan(ctx, noKey);
    expect(p2.warnings.join(" ")).toMatch(/paging routing key: not configured/);
    await expect(drFailover.execute(ctx, p2, recorder().report)).rejects.toMatchObject({
      userMessage: expect.stringMatching(/DR step "page" failed/),
    });
    expect(() =>
      drFailover.parseParams({ deployment: "web", drContext: "dr", pagingRoutingKeyEnv: "AUTH_SECRET" }),
    ).toThrow(/RCC_SERVICE_/);
  });

  it("without a hook, the status notice is published through comms as the incident's customer notice", async () => {
    setStatusNoticeHook(undefined);
    const incident = await db.incident.create({ data: { title: "web down in primary", severity: "P1" } });
    const cam = await db.user.create({
      data: { email: `cam-${Date.now()}@test.local`, name: "Cam Commander", role: "commander" },
    });
    const ctx = {
      ...strategyContext(kubeconfig, ns),
      incident: { id: incident.id, actor: { id: cam.id, name: cam.name } },
    };
    const plan = await drFailover.plan(ctx, params(["status-notice"]));
    const rec = recorder();
    await drFailover.execute(ctx, plan, rec.report);
    expect(rec.steps.find((s) => s.step === "status-notice" && s.state === "succeeded")?.detail).toMatch(
      /customer notice v1/,
    );
    const published = await db.noticeVersion.findMany({
      where: { notice: { incidentId: incident.id, kind: "customer" } },
    });
    expect(published).toHaveLength(1);
    expect(published[0].body).toMatch(/disaster-recovery site/);
    const events = await db.timelineEvent.findMany({ where: { incidentId: incident.id, kind: "notice.published" } });
    expect(events[0]?.actor).toBe("Cam Commander");
    expect(events[0]?.actorId).toBe(cam.id);
  });
});
