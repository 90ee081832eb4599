import "server-only";
// Evidence before the change: the objects the strategy names (captureTargets) as YAML and recent
// pod logs, stored as incident artifacts. Best effort: a failed capture is recorded on the timeline and never blocks.
import { operatorMessageOf } from "@/lib/errors";
import { beginCapture, type CaptureRequest, type CaptureResult } from "@/lib/rollback/capture";
import { isClaimLost } from "@/lib/rollback/claim";
import type { CaptureTargets, StrategyContext } from "@/lib/rollback/strategy";
import type { RollbackRecorder } from "@/lib/rollback/recorder";

const CAPTURE_BUDGET_MS = 15_000;

type Captured = { result: CaptureResult } | { error: unknown } | null;

/** A capture started by the runner: `taken` (never rejects) when the change may go in; `captured` when all is read. */
export type StartedCapture = { taken: Promise<void>; captured: Promise<Captured> };

/**
 * Starts reading the evidence (never rejects). The runner records "running" meanwhile, waits for
 * `taken` (the objects read: lib/rollback/capture.ts) and lets the strategy act while the pods are
 * listed and their logs read, recording them alongside: evidence from before the change, off the
 * confirm → patch path.
 */
export function startCapture(ctx: StrategyContext, targets: CaptureTargets | null): StartedCapture {
  if (!targets || !(targets.deployment || targets.service || targets.route))
    return { taken: Promise.resolve(), captured: Promise.resolve(null) };
  const req: CaptureRequest = { namespace: ctx.namespace, ...targets };
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(CAPTURE_BUDGET_MS)]);
  const { taken, result } = beginCapture({ kube: ctx.kube, signal }, req);
  return {
    taken: taken.catch(() => {}),
    captured: result.then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    ),
  };
}

/** When a capture was read: before the change (the rule), or at a takeover of a run whose first runner stopped before storing its own. */
export type CaptureMoment = "before-change" | "takeover";

const FROM: Record<CaptureMoment, string> = {
  "before-change": "from before the change",
  takeover: "at takeover (the previous runner stopped before storing its capture from before the change)",
};

/** Stores what was read as artifacts and says so on the timeline, in one fenced write. */
export async function recordCapture(
  action: { id: string; incidentId: string },
  captured: Captured,
  recorder: RollbackRecorder,
  at: CaptureMoment = "before-change",
) {
  if (!captured) return;
  if ("error" in captured) {
    await recorder.event(
      "rollback.capture",
      `Capture failed (the rollback goes on): ${operatorMessageOf(captured.error)}`,
      { errors: [String(captured.error)], at },
    );
    return;
  }
  const { result } = captured;
  try {
    const errors = result.errors.map((e) => `${e.what}: ${e.message}`);
    await recorder.eventWithArtifacts(
      "rollback.capture",
      `Captured ${result.artifacts.length} artifact(s) ${FROM[at]}${errors.length ? `; ${errors.length} capture(s) failed: ${errors.slice(0, 3).join("; ")}` : ""}`,
      { artifacts: result.artifacts.map((a) => a.name), errors, at },
      result.artifacts.map((a) => ({
        incidentId: action.incidentId,
        actionId: action.id,
        kind: a.contentType === "application/yaml" ? "yaml" : "logs",
        name: a.name,
        contentType: a.contentType,
        content: a.content,
        size: Buffer.byteLength(a.content),
      })),
    );
  } catch (e) {
    if (isClaimLost(e)) throw e;
    await recorder.event("rollback.capture", `Capture failed (the rollback goes on): ${operatorMessageOf(e)}`, {
      errors: [String(e)],
      at,
    });
  }
}
