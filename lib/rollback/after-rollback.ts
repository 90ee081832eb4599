import "server-only";
// What follows a finished rollback: a successful one is verified (pods, version, health, error
// rate, smoke tests). Team notifications follow the timeline on their own (lib/comms/team-notify).
// A failure here is recorded by verification itself and never changes the rollback's outcome.
import { runVerification } from "@/lib/verify/run-verification";
import type { Plan } from "@/lib/rollback/strategy";

export type FinishedRollback = {
  id: string;
  incidentId: string;
  serviceId: string | null;
  strategy: string;
  requestedBy: string;
  requestedById: string | null;
  plan: Plan;
};

/** The image the rollback put back, when the plan changes exactly one (deployment undo). */
export function expectedImage(plan: Plan): string | undefined {
  const images = plan.diff.filter((d) => d.path.startsWith("image ")).map((d) => d.after);
  return images.length === 1 && typeof images[0] === "string" ? images[0] : undefined;
}

export async function afterRollback(action: FinishedRollback, outcome: "succeeded" | "failed") {
  if (outcome !== "succeeded" || !action.serviceId) return;
  try {
    await runVerification({
      incidentId: action.incidentId,
      serviceId: action.serviceId,
      expected: { image: expectedImage(action.plan), changedAt: new Date().toISOString() },
      actor: { name: action.requestedBy, id: action.requestedById },
    });
  } catch (e) {
    console.error("[after-rollback] verification could not run", e);
  }
}
