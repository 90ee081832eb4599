import { AppError } from "@/lib/errors";
import { raceAborting } from "./abort";
import type { KubeClients } from "./clients";
import { unreachableMessage } from "./describe-k8s-error";
import { toAppError } from "./errors";

export interface CallContext {
  kube: KubeClients;
  signal?: AbortSignal;
  /** Per-request deadline; a blackholed apiserver would otherwise hang the runner. Default 30 s. */
  requestTimeoutMs?: number;
}

/**
 * Runs one Kubernetes request with a deadline and the caller's AbortSignal, and maps every failure
 * to an AppError. `what` reads like `read Deployment "web"` and appears in messages. A request that
 * runs past the deadline or the signal is aborted (its connection closed), not left running.
 */
export async function k8s<T>(ctx: CallContext, what: string, fn: () => Promise<T>): Promise<T> {
  const timeoutMs = ctx.requestTimeoutMs ?? 30_000;
  const about = { what, server: ctx.kube.server, context: ctx.kube.context, source: ctx.kube.source };
  try {
    return await raceAborting(fn, {
      signal: ctx.signal,
      timeoutMs,
      onTimeout: () => new AppError("unavailable", unreachableMessage(`no answer in ${timeoutMs} ms`, about)),
    });
  } catch (e) {
    throw toAppError(e, about);
  }
}
