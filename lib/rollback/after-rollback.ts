import "server-only";
// What happens once a rollback has ended: hooks other features register (verification, team
// notifications). A hook that fails is logged and never changes the rollback's recorded outcome.
import type { Plan } from "@/lib/rollback/strategy";

export type FinishedRollback = {
  id: string;
  incidentId: string;
  serviceId: string | null;
  strategy: string;
  target: string;
  requestedBy: string;
  plan: Plan;
};

type Hook = (action: FinishedRollback, outcome: "succeeded" | "failed") => Promise<void>;

const globalForHooks = globalThis as unknown as { rccAfterRollbackHooks?: Map<string, Hook> };
const hooks: Map<string, Hook> = (globalForHooks.rccAfterRollbackHooks ??= new Map());

/** Registers (or replaces) a named hook. */
export function onRollbackFinished(name: string, hook: Hook) {
  hooks.set(name, hook);
}

export async function afterRollback(action: FinishedRollback, outcome: "succeeded" | "failed") {
  for (const [name, hook] of hooks) {
    try {
      await hook(action, outcome);
    } catch (e) {
      console.error(`[after-rollback] ${name} failed`, e);
    }
  }
}
