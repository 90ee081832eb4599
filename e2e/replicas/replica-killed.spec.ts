// Two standalone servers behind a round-robin TCP proxy (scripts/e2e-replicas.ts starts them): a
// commander rolls back through the proxy, the replica running the rollout is SIGKILLed mid-way, the
// other takes the rollback over and finishes it, recorded once, and the browsers' live timelines,
// reconnecting through the proxy (a dead upstream stays in its rotation), show every event the
// database holds for the incident, in order, none missing, none twice.
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "../helpers";
import { IMG, createService, currentImage, deployGoodThenBad, kubectl } from "../k8s";
import { startRoundRobinProxy } from "../tcp-proxy";
import { actionOf, closeDb, eventsOf, pidOfRunner, replicasFromEnv, stepsOf, type EventRow } from "./replica-db";

test.afterAll(() => closeDb());

/**
 * kwok makes pods Ready at once; one new pod at a time, each available only after minReadySeconds,
 * makes the undo's rollout last about 3 × that. A spec change, not a template one: no new revision.
 */
function slowRollouts(ns: string, name: string, minReadySeconds: number) {
  const strategy = { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
  kubectl([
    "-n",
    ns,
    "patch",
    "deployment",
    name,
    "--type=merge",
    "-p",
    JSON.stringify({ spec: { minReadySeconds, strategy } }),
  ]);
  kubectl(["-n", ns, "rollout", "status", `deployment/${name}`, "--timeout=60s"]);
}

function deploymentStatus(ns: string, name: string) {
  const d = JSON.parse(kubectl(["-n", ns, "get", "deployment", name, "-o", "json"])) as {
    metadata: { generation: number };
    spec: { replicas: number };
    status: { updatedReplicas?: number; availableReplicas?: number; replicas?: number };
  };
  const { updatedReplicas = 0, availableReplicas = 0, replicas = 0 } = d.status;
  const done =
    updatedReplicas >= d.spec.replicas && replicas === updatedReplicas && availableReplicas >= updatedReplicas;
  return { generation: d.metadata.generation, done };
}

/** Keeps every state the page's live indicator goes through (a reconnect can be quicker than a poll). */
async function recordConnectionStates(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __rccStates: string[] };
    const read = () => document.querySelector('[data-testid="timeline-connection"]')?.getAttribute("data-state") ?? "";
    w.__rccStates = [read()];
    new MutationObserver(() => {
      const s = read();
      if (s !== w.__rccStates.at(-1)) w.__rccStates.push(s);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
  });
}
const connectionStates = (page: Page) =>
  page.evaluate(() => (window as unknown as { __rccStates: string[] }).__rccStates);

const domEventIds = (page: Page) =>
  page
    .getByTestId("timeline")
    .locator("li")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-event-id")));

const runnerOf = (e: EventRow) => e.payload.runner as string | undefined;

test("a replica SIGKILLed mid-rollout: the other finishes the rollback once, the live timeline misses nothing", async ({
  browser,
}) => {
  const [first, second] = replicasFromEnv();
  const proxy = await startRoundRobinProxy([first.port, second.port]);
  try {
    const ns = deployGoodThenBad("web");
    slowRollouts(ns, "web", 12);
    const generationBefore = deploymentStatus(ns, "web").generation;
    const serviceName = `web-${ns}`;
    await createService(serviceName, ns, ["web"]);

    // The commander works through the proxy, each connection to the next replica.
    const commanderContext = await browser.newContext({ baseURL: proxy.url });
    const commander = await commanderContext.newPage();
    await signIn(commander, "commander");
    await commander.goto("/incidents/new");
    await commander.getByLabel("Title").fill("web returns 500s after deploy");
    await commander.getByLabel("Severity").selectOption("P1");
    await commander.getByLabel("Service").selectOption({ label: serviceName });
    await commander.getByRole("button", { name: "Declare incident" }).click();
    await expect(commander).toHaveURL(/\/incidents\/(?!new$)[a-z0-9]+$/);
    const incidentId = commander.url().split("/").pop()!;
    await expect(commander.getByTestId("timeline-connection")).toHaveAttribute("data-state", "live");

    await commander.getByRole("button", { name: "Roll back" }).click();
    await commander.getByRole("button", { name: "Preview plan" }).click();
    await expect(commander.getByTestId("plan-preview")).toContainText("Server-side dry run: accepted");
    await commander.getByLabel(/Type .* to confirm/).fill(serviceName);
    await commander.getByRole("button", { name: "Roll back", exact: true }).last().click();

    // Which replica runs it: the claim's runner id names its pid. Wait until the rollout is under way.
    await expect
      .poll(async () => {
        const a = await actionOf(incidentId);
        const steps = a ? await stepsOf(a.id) : [];
        return steps.find((s) => s.name === "rollout")?.state;
      })
      .toBe("running");
    const claimed = (await actionOf(incidentId))!;
    const victim = [first, second].find((r) => r.pid === pidOfRunner(claimed.runnerId));
    const survivor = [first, second].find((r) => r !== victim)!;
    expect(victim, `runner ${claimed.runnerId} is one of the two replicas`).toBeDefined();
    expect(claimed.claimEpoch).toBe(1);

    // A second browser whose connections all go to the victim, so the kill certainly cuts its stream.
    proxy.pin(victim!.port);
    const watcherContext = await browser.newContext({ baseURL: proxy.url });
    const watcher = await watcherContext.newPage();
    await signIn(watcher, "responder");
    await watcher.goto(`/incidents/${incidentId}`);
    await expect(watcher.getByTestId("timeline-connection")).toHaveAttribute("data-state", "live");
    proxy.pin(null);
    await recordConnectionStates(watcher);

    expect(deploymentStatus(ns, "web").done, "the rollout is still in progress at the kill").toBe(false);
    expect(await actionOf(incidentId), "still held by its first runner at the kill").toMatchObject({
      state: "running",
      runnerId: claimed.runnerId,
      claimEpoch: 1,
    });
    process.kill(victim!.pid, "SIGKILL");
    const killedAt = Date.now();

    // The other replica takes over once the heartbeat is stale, and finishes.
    await expect
      .poll(async () => (await actionOf(incidentId))?.state, { timeout: 120_000, intervals: [500] })
      .toBe("succeeded");
    test
      .info()
      .annotations.push({ type: "takeover", description: `finished ${Date.now() - killedAt} ms after the kill` });
    const done = (await actionOf(incidentId))!;
    expect(pidOfRunner(done.runnerId)).toBe(survivor.pid);
    expect(done).toMatchObject({ claimEpoch: 2, error: null });
    expect(done.finishedAt).not.toBeNull();
    expect(await stepsOf(done.id)).toEqual([
      { name: "patch", state: "succeeded" },
      { name: "rollout", state: "succeeded" },
    ]);
    // On the cluster: back on the previous image, patched once (one new generation).
    expect(currentImage(ns, "web")).toBe(IMG("3.9"));
    expect(deploymentStatus(ns, "web").generation).toBe(generationBefore + 1);

    // Verification follows the rollback; once it ended, the incident's timeline is complete.
    await expect
      .poll(
        async () => (await eventsOf(incidentId)).some((e) => e.kind === "verify.passed" || e.kind === "verify.failed"),
        {
          timeout: 90_000,
        },
      )
      .toBe(true);
    const events = await eventsOf(incidentId);
    const ofKind = (kind: string) => events.filter((e) => e.kind === kind);
    const resumed = ofKind("rollback.resumed");
    expect(resumed).toHaveLength(1);
    expect(resumed[0].payload).toMatchObject({ previousRunner: claimed.runnerId, runner: done.runnerId, claim: 2 });
    expect(ofKind("rollback.running")).toHaveLength(1);
    expect(ofKind("rollback.succeeded").map(runnerOf)).toEqual([done.runnerId]);
    expect(ofKind("rollback.failed").length + ofKind("rollback.cancelled").length).toBe(0);
    const patchDone = ofKind("rollback.step").filter(
      (e) => e.payload.step === "patch" && e.payload.state === "succeeded",
    );
    expect(patchDone.map(runnerOf)).toEqual([claimed.runnerId]);
    // Nothing from the killed runner after the takeover.
    expect(events.filter((e) => runnerOf(e) === claimed.runnerId && BigInt(e.id) > BigInt(resumed[0].id))).toEqual([]);

    // Both browsers: every event the database holds, in its order, once each, without a reload
    // (in the full list: the grouped view folds the rollback's rows into one entry).
    for (const page of [watcher, commander]) {
      const all = page.getByRole("switch", { name: "Show all events" });
      if ((await all.getAttribute("aria-checked")) !== "true") await all.click();
      await expect(page.getByTestId("timeline")).toHaveAttribute("data-view", "all");
      await expect
        .poll(
          async () => {
            const [dom, db] = [await domEventIds(page), (await eventsOf(incidentId)).map((e) => e.id)];
            return JSON.stringify(dom) === JSON.stringify(db)
              ? "the same"
              : `page ${dom.join(",")}\ndb   ${db.join(",")}`;
          },
          { timeout: 15_000 },
        )
        .toBe("the same");
      await expect(page.getByTestId("timeline-connection")).toHaveAttribute("data-state", "live");
    }
    // The watcher's stream was on the killed replica: it dropped and came back through the proxy.
    expect(await connectionStates(watcher)).toEqual(["live", "reconnecting", "live"]);
    await commanderContext.close();
    await watcherContext.close();
  } finally {
    await proxy.close();
  }
});
