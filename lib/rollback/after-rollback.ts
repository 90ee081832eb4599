import "server-only";
// What follows a finished rollback: a successful one is verified (pods, version, health, error
// rate, smoke tests). Team notifications follow the timeline on their own (lib/comms/team-notify).
// A failure here is recorded by verification itself and never changes the rollback's outcome.
import { runVerification } from "@/lib/verify/run-verification";
import type { ExpectedVersion } from "@/lib/rollback/strategy";

export type FinishedRollback = {
  id: string;
  incidentId: string;
  serviceId: string | null;
  strategy: string;
  requestedBy: string;
  requestedById: string;
  /** From the strategy's expectedVersion(plan), for a successful rollback. */
  expected?: ExpectedVersion;
};

export async function afterRollback(action: FinishedRollback, outcome: "succeeded" | "failed") {
  if (outcome !== "succeeded" || !action.serviceId) return;
  try {
    await runVerification({
      incidentId: action.incidentId,
      serviceId: action.serviceId,
      expected: { image: action.expected?.image, changedAt: new Date().toISOString() },
      actor: { name: action.requestedBy, id: action.requestedById },
    });
  } catch (e) {
    console.error("[after-rollback] verification could not run", e);
  }
}
