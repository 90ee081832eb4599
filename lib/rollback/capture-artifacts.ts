import "server-only";
// Evidence before the change: the objects as YAML and recent pod logs, stored as incident
// artifacts. Best effort: a failed capture is recorded on the timeline and never blocks.
import { db } from "@/lib/db";
import { captureBeforeChange, type CaptureRequest } from "@/lib/rollback/capture";
import type { Plan, StrategyContext } from "@/lib/rollback/strategy";
import type { RollbackRecorder } from "@/lib/rollback/recorder";

const CAPTURE_BUDGET_MS = 15_000;

function captureRequest(namespace: string, plan: Plan): CaptureRequest | null {
  const p = (plan.params ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  const req: CaptureRequest = { namespace };
  req.deployment = str(p.deployment) ?? str(p.canaryDeployment) ?? (Array.isArray(p.badDeployments) ? str(p.badDeployments[0]) : undefined);
  req.service = plan.strategy === "blue-green" ? str(p.service) : undefined;
  if (plan.strategy === "canary" && (p.routeKind === "istio" || p.routeKind === "gateway") && str(p.routeName)) {
    req.route = { kind: p.routeKind, name: str(p.routeName)! };
  }
  return req.deployment || req.service || req.route ? req : null;
}

export async function captureArtifacts(
  ctx: StrategyContext,
  action: { id: string; incidentId: string },
  plan: Plan,
  recorder: RollbackRecorder,
) {
  const req = captureRequest(ctx.namespace, plan);
  if (!req) return;
  try {
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(CAPTURE_BUDGET_MS)]);
    const result = await captureBeforeChange({ kube: ctx.kube, signal }, req);
    if (result.artifacts.length) {
      await db.artifact.createMany({
        data: result.artifacts.map((a) => ({
          incidentId: action.incidentId,
          actionId: action.id,
          kind: a.contentType === "application/yaml" ? "yaml" : "logs",
          name: a.name,
          contentType: a.contentType,
          content: a.content,
          size: Buffer.byteLength(a.content),
        })),
      });
    }
    const errors = result.errors.map((e) => `${e.what}: ${e.message}`);
    await recorder.event(
      "rollback.capture",
      `Captured ${result.artifacts.length} artifact(s) before the change${errors.length ? `; ${errors.length} capture(s) failed: ${errors.slice(0, 3).join("; ")}` : ""}`,
      { artifacts: result.artifacts.map((a) => a.name), errors },
    );
  } catch (e) {
    await recorder.event("rollback.capture", `Capture failed (the rollback goes on): ${e instanceof Error ? e.message : String(e)}`, { errors: [String(e)] });
  }
}
