import "server-only";
/**
 * The runner's "Hold GitOps sync" steps: each hold the plan offers (plan.gitopsHolds), run before the
 * strategy changes anything, through the same holdGitops the standalone action calls (same GitopsHold
 * row, same gitops.held event). A hold that fails fails the rollback right there, before any change
 * to the workload, with its cause on the step; the failed hold leaves no row, so a retry can hold
 * again. One the commander unticked is recorded as skipped. Resumed runs converge: an active hold of
 * this incident on the object is the hold.
 */
import { db } from "@/lib/db";
import { operatorMessageOf } from "@/lib/errors";
import type { Plan, Reporter } from "@/lib/rollback/strategy";
import { holdGitops } from "./holds";
import { holdStepName } from "./planned-hold";
import { refLabel } from "./settings";

export async function runPlannedHolds(
  plan: Pick<Plan, "gitopsHolds" | "noop">,
  run: { actionId: string; incidentId: string; serviceId: string; actor: { id: string } },
  report: Reporter,
): Promise<void> {
  const holds = plan.noop ? [] : (plan.gitopsHolds ?? []);
  if (holds.length === 0) return;
  // The rollback acts for the one who requested it (as every step does); its role and teams as they are now.
  const actor = holds.some((h) => h.enabled)
    ? await db.user.findUniqueOrThrow({
        where: { id: run.actor.id },
        select: { id: true, email: true, name: true, role: true },
      })
    : null;
  for (const h of holds) {
    const step = holdStepName(h.ref);
    if (!h.enabled || !actor) {
      await report({
        step,
        state: "skipped",
        detail: `not held: unticked when the rollback was confirmed; ${refLabel(h.ref)} may undo the rollback`,
      });
      continue;
    }
    await report({ step, state: "running", detail: h.action });
    let held;
    try {
      held = await holdGitops(
        {
          incidentId: run.incidentId,
          serviceId: run.serviceId,
          ref: h.ref,
          planned: { uid: h.uid, resourceVersion: h.resourceVersion, specDigest: h.specDigest, actionId: run.actionId },
        },
        actor,
      );
    } catch (e) {
      await report({ step, state: "failed", detail: operatorMessageOf(e) });
      throw e;
    }
    await report({
      step,
      state: held.existing ? "skipped" : "succeeded",
      detail: held.existing
        ? `${refLabel(h.ref)} is already held for this incident (was ${held.setting})`
        : `held ${refLabel(h.ref)}; was ${held.setting}`,
      data: { holdId: held.holdId },
    });
  }
}
