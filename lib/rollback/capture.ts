/**
 * Capture before change: the objects about to be changed, as YAML, and the last 1000 log lines of
 * each of the Deployment's pods, bounded in bytes per pod and in total (the apiserver's limitBytes,
 * so the bound holds on the wire too). Best effort by design: every failure becomes a recorded
 * capture error and nothing here throws, so evidence gathering can never block or delay a rollback.
 */
import { stringify } from "yaml";
import { operatorMessageOf } from "@/lib/errors";
import { raceAborting } from "@/lib/k8s/abort";
import { k8s, type CallContext } from "@/lib/k8s/call";
import { getDeployment } from "@/lib/k8s/deployments";
import { toAppError } from "@/lib/k8s/errors";
import { labelSelectorToString } from "@/lib/k8s/label-selector";
import { getService } from "@/lib/k8s/services";
import { redactManifest } from "@/lib/rollback/redact";
import { readRoute } from "@/lib/rollback/strategies/canary/strategy";
import type { RouteKind } from "@/lib/rollback/strategies/canary/routes";

export interface CaptureRequest {
  namespace: string;
  deployment?: string;
  service?: string;
  route?: { kind: RouteKind; name: string };
  /** Default 1000. */
  tailLines?: number;
  /** Per-pod log deadline; an unreachable kubelet must not hold the rollback. Default 5 s. */
  logTimeoutMs?: number;
  /** Log bytes kept per pod (shared by its containers). Default 256 KiB. */
  logBytesPerPod?: number;
  /** Log bytes kept for all pods together. Default 2 MiB. */
  logBytesTotal?: number;
}

export const DEFAULT_LOG_BYTES_PER_POD = 256 * 1024;
export const DEFAULT_LOG_BYTES_TOTAL = 2 * 1024 * 1024;

/**
 * The limitBytes of each container's log request: a pod's share split among its containers, and
 * never more than an even share of the total, so pods × containers can not exceed either bound.
 * 0 means "too many to fetch any": the container is skipped and the skip recorded.
 */
export function logByteLimits(
  containersPerPod: readonly number[],
  perPod = DEFAULT_LOG_BYTES_PER_POD,
  total = DEFAULT_LOG_BYTES_TOTAL,
): number[] {
  const all = containersPerPod.reduce((a, b) => a + b, 0);
  if (!all) return containersPerPod.map(() => 0);
  const evenShare = Math.floor(total / all);
  return containersPerPod.map((n) => (n ? Math.min(Math.floor(perPod / n), evenShare) : 0));
}

/** At most `limit` bytes of `text`, cut at a character boundary (in case a server ignores limitBytes). */
export function truncateBytes(text: string, limit: number): { text: string; truncated: boolean } {
  const buf = Buffer.from(text, "utf8");
  if (buf.length <= limit) return { text, truncated: false };
  let end = limit;
  while (end > 0 && (buf[end] & 0xc0) === 0x80) end--; // not inside a multi-byte character
  return { text: buf.subarray(0, end).toString("utf8"), truncated: true };
}

export interface CaptureArtifact {
  /** e.g. `deployment/web.yaml`, `logs/web-7cd-abc/app.log` */
  name: string;
  contentType: "application/yaml" | "text/plain";
  content: string;
}

export interface CaptureError {
  what: string;
  message: string;
}

export interface CaptureResult {
  artifacts: CaptureArtifact[];
  errors: CaptureError[];
}

/** An object as YAML without the server's bookkeeping noise (managedFields), its secrets redacted (redact.ts). */
export function objectYaml(obj: unknown): string {
  const copy = redactManifest(obj) as { metadata?: Record<string, unknown> };
  if (copy?.metadata) delete copy.metadata.managedFields;
  return stringify(copy, { sortMapEntries: false, lineWidth: 0 });
}

/** A capture under way: `taken` when the objects are read; `result` when the pod logs are in too. */
export interface CaptureInFlight {
  taken: Promise<void>;
  result: Promise<CaptureResult>;
}

/**
 * Starts the capture. The objects are read before `taken` resolves, so a caller that waits for it
 * and then makes the change has them exactly as they were before it. The pods are listed and their
 * logs read right after the object, beside the change (the slow part on a real cluster): the pods
 * being replaced keep serving their logs until they are gone, which is after the rollout's new pods
 * are ready or, when deleted at once (Recreate), after their grace period; long after these reads.
 * The objects are read in parallel; artifacts keep a fixed order (objects by kind, then logs).
 */
export function beginCapture(ctx: CallContext, req: CaptureRequest): CaptureInFlight {
  const objects: CaptureArtifact[][] = [[], [], []];
  const logs: CaptureArtifact[] = [];
  const errors: CaptureError[] = [];
  const ns = req.namespace;
  const attempt = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      errors.push({ what, message: operatorMessageOf(e) });
    }
  };
  const yamlOf = (slot: number, name: string, obj: unknown) =>
    objects[slot].push({ name, contentType: "application/yaml", content: objectYaml(obj) });

  let logsDone: Promise<void> = Promise.resolve();
  const reads: Promise<void>[] = [];
  if (req.deployment) {
    const name = req.deployment;
    reads.push(
      attempt(`deployment/${name}`, async () => {
        const d = await getDeployment(ctx, ns, name);
        yamlOf(0, `deployment/${name}.yaml`, { apiVersion: "apps/v1", kind: "Deployment", ...d });
        // Set before this read resolves, so `taken` finds it; `taken` itself does not wait for it.
        logsDone = attempt(`pods of deployment/${name}`, () =>
          requestLogs(ctx, ns, labelSelectorToString(d.spec.selector), req, logs, errors),
        );
      }),
    );
  }
  if (req.service) {
    const name = req.service;
    reads.push(
      attempt(`service/${name}`, async () => {
        const svc = await getService(ctx, ns, name);
        yamlOf(1, `service/${name}.yaml`, { ...svc, apiVersion: "v1", kind: "Service" });
      }),
    );
  }
  if (req.route) {
    const { kind, name } = req.route;
    reads.push(
      attempt(`${kind} route/${name}`, async () => {
        const { route } = await readRoute(ctx, ns, kind, name);
        yamlOf(2, `route/${name}.yaml`, route);
      }),
    );
  }
  const taken = Promise.all(reads).then(() => {});
  const result = taken
    .then(() => logsDone)
    .then(() => ({
      artifacts: [...objects.flat(), ...logs.sort((a, b) => a.name.localeCompare(b.name))],
      errors,
    }));
  return { taken, result };
}

/** The whole capture, read before returning (for callers that do not overlap it with a change). */
export function captureBeforeChange(ctx: CallContext, req: CaptureRequest): Promise<CaptureResult> {
  return beginCapture(ctx, req).result;
}

/** Lists the pods and reads each container's log. Rejects only when the list fails; each failed read is a recorded error. */
async function requestLogs(
  ctx: CallContext,
  ns: string,
  labelSelector: string,
  req: CaptureRequest,
  logs: CaptureArtifact[],
  errors: CaptureError[],
): Promise<void> {
  const pods = await k8s(ctx, `list Pods for "${labelSelector}"`, () =>
    ctx.kube.core.listNamespacedPod({ namespace: ns, labelSelector }),
  );
  const limits = logByteLimits(
    pods.items.map((p) => p.spec?.containers?.length ?? 0),
    req.logBytesPerPod ?? DEFAULT_LOG_BYTES_PER_POD,
    req.logBytesTotal ?? DEFAULT_LOG_BYTES_TOTAL,
  );
  const timeoutMs = req.logTimeoutMs ?? 5000;
  const jobs = pods.items.flatMap((pod, i) =>
    (pod.spec?.containers ?? []).map(async (c) => {
      const podName = pod.metadata!.name!;
      const what = `logs ${podName}/${c.name}`;
      const limitBytes = limits[i];
      if (!limitBytes) {
        errors.push({ what, message: "not captured: the total log budget is used up by the other pods" });
        return;
      }
      try {
        const text = await raceAborting(
          () =>
            ctx.kube.core.readNamespacedPodLog({
              name: podName,
              namespace: ns,
              container: c.name,
              tailLines: req.tailLines ?? 1000,
              limitBytes,
            }),
          {
            signal: ctx.signal,
            timeoutMs,
            onTimeout: () => new Error(`no answer in ${timeoutMs} ms`),
          },
        );
        const kept = truncateBytes(String(text), limitBytes);
        logs.push({ name: `logs/${podName}/${c.name}.log`, contentType: "text/plain", content: kept.text });
      } catch (e) {
        errors.push({ what, message: `the logs API did not answer: ${operatorMessageOf(toApp(e, ctx, what))}` });
      }
    }),
  );
  await Promise.all(jobs);
}

const toApp = (e: unknown, ctx: CallContext, what: string) => toAppError(e, { server: ctx.kube.server, what });
