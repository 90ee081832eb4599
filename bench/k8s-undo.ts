/**
 * Benchmark: our Deployment undo (plan with dry run + execute) against `kubectl rollout undo` +
 * `kubectl rollout status`, side by side on one control plane, same starting states.
 *
 *   npx tsx bench/k8s-undo.ts                 # starts a throwaway cluster (test/cluster/launcher.ts)
 *   npx tsx bench/k8s-undo.ts --runs=7 --replicas=3
 *   BENCH_KUBECONFIG=/path npx tsx bench/k8s-undo.ts   # use an existing cluster
 *
 * Timed from the start of the rollback to (a) the patch accepted and (b) the rollout complete.
 * The third column is the product's whole path: the server actions (plan, then confirm) as a
 * commander, the durable runner, every step written to Postgres (a fresh database on the machine's
 * Postgres), timed from the plan action's call to the patch step and to the action's success, and
 * from the confirm action's call (the click after reading the preview) to the patch accepted, with
 * every fence and record in place.
 */
import "./server-only-shim";
import { randomBytes } from "node:crypto";

await main();

async function main() {
  const arg = (k: string, d: number) => Number(process.argv.find((a) => a.startsWith(`--${k}=`))?.split("=")[1] ?? d);
  const runs = arg("runs", 5);
  const replicas = arg("replicas", 3);
  const { kubectl } = await import("../test/cluster/kubectl");
  const { deploymentUndo } = await import("../lib/rollback/strategies/deployment-undo/strategy");
  const { kubeClients } = await import("../lib/k8s/clients");

  let stop = async () => {};
  let kubeconfig = process.env.BENCH_KUBECONFIG;
  if (!kubeconfig) {
    const { startCluster } = await import("../test/cluster/launcher");
    const c = await startCluster({ name: "bench", nodes: 3 });
    console.log(`cluster ${c.version} ready in ${c.startupMs} ms`);
    kubeconfig = c.kubeconfigPath;
    stop = () => c.stop();
  }
  const kc = kubeconfig;
  const ns = `bench-${randomBytes(3).toString("hex")}`;
  const k = (...args: string[]) => kubectl(kc, ["-n", ns, ...args]);
  await kubectl(kc, ["create", "namespace", ns]);
  for (
    let i = 0;
    i < 50 &&
    !(await k("get", "serviceaccount", "default").then(
      () => true,
      () => false,
    ));
    i++
  )
    await new Promise((r) => setTimeout(r, 100));

  const manifest = (name: string, image: string) =>
    JSON.stringify({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image }] } },
      },
    });
  async function prepare(name: string) {
    await kubectl(kc, ["-n", ns, "apply", "-f", "-"], manifest(name, "registry.k8s.io/pause:good"));
    await k("rollout", "status", `deployment/${name}`, "--timeout=120s");
    await kubectl(kc, ["-n", ns, "apply", "-f", "-"], manifest(name, "registry.k8s.io/pause:bad"));
    await k("rollout", "status", `deployment/${name}`, "--timeout=120s");
  }

  const ctx = {
    kube: kubeClients(undefined, kc),
    namespace: ns,
    signal: new AbortController().signal,
    timeoutMs: 300_000,
  };

  // The server-action path needs the app's database and the cluster as KUBECONFIG.
  const { createDatabase } = await import("../test/postgres/database");
  const database = await createDatabase("rcc_bench");
  process.env.DATABASE_URL = database.url;
  process.env.KUBECONFIG = kc;
  const { db } = await import("../lib/db");
  const { runAs } = await import("../lib/auth/acting-user");
  const { planRollbackAction } = await import("../lib/actions/plan-rollback");
  const { startRollbackAction } = await import("../lib/actions/start-rollback");
  const { runAction } = await import("../lib/rollback/runner");
  const commander = await db.user.create({
    data: { email: `bench-${ns}@local`, name: "bench commander", role: "commander" },
  });
  const actor = { id: commander.id, email: commander.email, name: commander.name, role: commander.role };
  async function viaActions(name: string) {
    const service = await db.service.create({ data: { name: `${name}-${ns}`, namespace: ns, deployments: [name] } });
    const incident = await db.incident.create({ data: { title: name, severity: "P1", serviceId: service.id } });
    const t0 = performance.now();
    const planned = await runAs(actor, () =>
      planRollbackAction({
        incidentId: incident.id,
        serviceId: service.id,
        strategy: "deployment-undo",
        params: { deployment: name },
        idempotencyKey: `bench-${name}`,
      }),
    );
    if (!planned.ok) throw new Error(planned.error);
    // The click a commander makes after reading the preview: confirm → patch accepted.
    const tConfirm = performance.now();
    const confirmWall = Date.now();
    const started = await runAs(actor, () =>
      startRollbackAction({ actionId: planned.data.actionId, confirmation: service.name }),
    );
    if (!started.ok) throw new Error(started.error);
    let patch = 0;
    let confirm = 0;
    let accepted = 0;
    for (;;) {
      const a = await db.rollbackAction.findUniqueOrThrow({
        where: { id: planned.data.actionId },
        include: { steps: true },
      });
      const patchStep = a.steps.find((st) => st.name === "patch" && st.state === "succeeded");
      if (!patch && patchStep) {
        patch = performance.now() - t0;
        confirm = performance.now() - tConfirm;
        const at = (patchStep.detail as { data?: { acceptedAt?: string } }).data?.acceptedAt;
        accepted = at ? Date.parse(at) - confirmWall : NaN;
      }
      if (a.state === "succeeded") {
        const complete = performance.now() - t0;
        await runAction(a.id); // joins the run until its verification has finished, outside the timing
        return { patch, complete, confirm, accepted };
      }
      if (a.state === "failed") throw new Error(a.error ?? "failed");
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  async function ours(name: string) {
    const t0 = performance.now();
    let patched = 0;
    const plan = await deploymentUndo.plan(ctx, { deployment: name, toRevision: 0 });
    await deploymentUndo.execute(ctx, plan, (r) => {
      if (r.step === "patch" && r.state === "succeeded") patched = performance.now() - t0;
    });
    return { patch: patched, complete: performance.now() - t0 };
  }
  async function reference(name: string) {
    const t0 = performance.now();
    await k("rollout", "undo", `deployment/${name}`);
    const patch = performance.now() - t0;
    await k("rollout", "status", `deployment/${name}`, "--timeout=300s");
    return { patch, complete: performance.now() - t0 };
  }

  type Timing = { patch: number; complete: number };
  type Row = { ours: Timing; kubectl: Timing; actions: Timing & { confirm: number; accepted: number } };
  const rows: Row[] = [];
  for (let i = 0; i < runs; i++) {
    await Promise.all([prepare(`ours-${i}`), prepare(`kubectl-${i}`), prepare(`actions-${i}`)]);
    // alternate who goes first so neither always gets the quieter controller
    const row = {} as Row;
    if (i % 2 === 0) {
      row.ours = await ours(`ours-${i}`);
      row.kubectl = await reference(`kubectl-${i}`);
    } else {
      row.kubectl = await reference(`kubectl-${i}`);
      row.ours = await ours(`ours-${i}`);
    }
    row.actions = await viaActions(`actions-${i}`);
    rows.push(row);
    console.log(
      `run ${i + 1}/${runs}: ours ${row.ours.patch.toFixed(0)} / ${row.ours.complete.toFixed(0)} ms, kubectl ${row.kubectl.patch.toFixed(0)} / ${row.kubectl.complete.toFixed(0)} ms, server actions ${row.actions.patch.toFixed(0)} / ${row.actions.complete.toFixed(0)} ms (confirm → patch accepted ${row.actions.accepted.toFixed(0)} ms, recorded ${row.actions.confirm.toFixed(0)} ms)`,
    );
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const m = {
    op: median(rows.map((r) => r.ours.patch)),
    oc: median(rows.map((r) => r.ours.complete)),
    kp: median(rows.map((r) => r.kubectl.patch)),
    kc: median(rows.map((r) => r.kubectl.complete)),
    ap: median(rows.map((r) => r.actions.patch)),
    ac: median(rows.map((r) => r.actions.complete)),
    cp: median(rows.map((r) => r.actions.confirm)),
    ca: median(rows.map((r) => r.actions.accepted)),
  };
  console.log(`\nDeployment undo, ${replicas} replicas, ${runs} runs (medians, ms)`);
  console.log("| measure            | ours (plan+dry run+execute) | kubectl undo + status | ours / kubectl |");
  console.log("| ------------------ | --------------------------: | --------------------: | -------------: |");
  console.log(
    `| patch accepted     | ${m.op.toFixed(0).padStart(27)} | ${m.kp.toFixed(0).padStart(21)} | ${(m.op / m.kp).toFixed(2).padStart(14)} |`,
  );
  console.log(
    `| rollout complete   | ${m.oc.toFixed(0).padStart(27)} | ${m.kc.toFixed(0).padStart(21)} | ${(m.oc / m.kc).toFixed(2).padStart(14)} |`,
  );
  console.log(`\nThe product's path (plan + confirm server actions, runner, steps recorded in Postgres), medians, ms`);
  console.log(`| patch accepted     | ${m.ap.toFixed(0).padStart(6)} | vs kubectl ${(m.ap / m.kp).toFixed(2)}x |`);
  console.log(`| rollout complete   | ${m.ac.toFixed(0).padStart(6)} | vs kubectl ${(m.ac / m.kc).toFixed(2)}x |`);
  // Accepted: the apiserver answered the PATCH (the moment kubectl's own figure ends); recorded: the
  // patch step's success is in Postgres (what every browser sees next).
  console.log(
    `| confirm → patch accepted | ${m.ca.toFixed(0).padStart(6)} | vs kubectl rollout undo ${(m.ca / m.kp).toFixed(2)}x (target ≤ 1) |`,
  );
  console.log(
    `| confirm → recorded | ${m.cp.toFixed(0).padStart(6)} | vs kubectl rollout undo ${(m.cp / m.kp).toFixed(2)}x |`,
  );
  await database.drop();
  await kubectl(kc, ["delete", "namespace", ns, "--wait=false"]).catch(() => {});
  await stop();
  process.exit(0); // the database pool would keep the process alive
}
