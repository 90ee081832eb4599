import "server-only";
// Evidence before the change: the objects the strategy names (captureTargets) as YAML and recent
// pod logs, stored as incident artifacts. Best effort: a failed capture is recorded on the timeline and never blocks.
import { operatorMessageOf } from "@/lib/errors";
import { captureBeforeChange, type CaptureRequest } from "@/lib/rollback/capture";
import type { CaptureTargets, StrategyContext } from "@/lib/rollback/strategy";
import type { RollbackRecorder } from "@/lib/rollback/recorder";

const CAPTURE_BUDGET_MS = 15_000;

export async function captureArtifacts(
  ctx: StrategyContext,
  action: { id: string; incidentId: string },
  targets: CaptureTargets | null,
  recorder: RollbackRecorder,
) {
  if (!targets || !(targets.deployment || targets.service || targets.route)) return;
  const req: CaptureRequest = { namespace: ctx.namespace, ...targets };
  try {
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(CAPTURE_BUDGET_MS)]);
    const result = await captureBeforeChange({ kube: ctx.kube, signal }, req);
    if (result.artifacts.length) {
      await recorder.saveArtifacts(
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
    }
    const errors = result.errors.map((e) => `${e.what}: ${e.message}`);
    await recorder.event(
      "rollback.capture",
      `Captured ${result.artifacts.length} artifact(s) before the change${errors.length ? `; ${errors.length} capture(s) failed: ${errors.slice(0, 3).join("; ")}` : ""}`,
      { artifacts: result.artifacts.map((a) => a.name), errors },
    );
  } catch (e) {
    await recorder.event("rollback.capture", `Capture failed (the rollback goes on): ${operatorMessageOf(e)}`, {
      errors: [String(e)],
    });
  }
}
