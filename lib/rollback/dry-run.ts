import { operatorMessageOf } from "@/lib/errors";
import type { DryRunResult } from "./strategy";

/**
 * Runs each mutation of a plan with dryRun=All, in order, and sums them up: the first refusal is the
 * result (with the step it belongs to), else every step's acceptance. Nothing is persisted.
 */
export async function dryRunSteps(
  steps: { label: string; run: () => Promise<unknown> }[],
): Promise<DryRunResult | undefined> {
  if (steps.length === 0) return undefined;
  const accepted: string[] = [];
  for (const s of steps) {
    try {
      await s.run();
      accepted.push(s.label);
    } catch (e) {
      const why = operatorMessageOf(e);
      return { ok: false, message: steps.length > 1 ? `${s.label}: ${why}` : why };
    }
  }
  return { ok: true, message: `the API server accepted ${accepted.join(", then ")} (dry run)` };
}
