import { AsyncLocalStorage } from "node:async_hooks";
import type { Middleware, RequestContext, ResponseContext } from "@kubernetes/client-node";
import { AppError, isAppError } from "@/lib/errors";

// The signal of the Kubernetes call being made (set by `withRequestSignal`), handed to the HTTP
// request by `requestSignalMiddleware`: client-node 1.x sends through fetch with the request's
// signal (RequestContext.setSignal), so a call that timed out or was cancelled is aborted on the
// wire, not just abandoned. The clients in clients.ts carry the middleware.
const requestSignal = new AsyncLocalStorage<AbortSignal>();

export function withRequestSignal<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  return requestSignal.run(signal, fn);
}

export const requestSignalMiddleware: Middleware = {
  async pre(context: RequestContext): Promise<RequestContext> {
    const signal = requestSignal.getStore();
    if (signal) context.setSignal(signal);
    return context;
  },
  async post(context: ResponseContext): Promise<ResponseContext> {
    return context;
  },
};

/**
 * `race` that also aborts the request itself: `fn` runs with a signal that fires on the caller's
 * signal, on the deadline, and once the race is decided, so nothing is left running on the wire.
 */
export async function raceAborting<T>(
  fn: () => Promise<T>,
  opts: { signal?: AbortSignal; timeoutMs?: number; onTimeout: () => Error },
): Promise<T> {
  const ac = new AbortController();
  try {
    return await race(withRequestSignal(ac.signal, fn), opts);
  } finally {
    ac.abort();
  }
}

/** The error to throw when `signal` fires: the runner's own AppError reason, or a plain cancel. */
export function abortReason(signal: AbortSignal): AppError {
  const r: unknown = signal.reason;
  if (isAppError(r)) return r;
  if (r instanceof Error && r.name === "TimeoutError")
    return new AppError("timeout", "the operation timed out", { cause: r });
  return new AppError("failed", "the rollback was cancelled", { cause: r });
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortReason(signal);
}

/** setTimeout that rejects as soon as `signal` fires, so pauses between steps can be cancelled. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(t);
      reject(abortReason(signal!));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Races `p` against `signal` and a deadline: the caller stops waiting. To cancel the request too,
 * use `raceAborting` (what `k8s()` does).
 */
export function race<T>(
  p: Promise<T>,
  opts: { signal?: AbortSignal; timeoutMs?: number; onTimeout: () => Error },
): Promise<T> {
  const { signal, timeoutMs } = opts;
  if (!signal && !timeoutMs) return p;
  return new Promise<T>((resolve, reject) => {
    let t: ReturnType<typeof setTimeout> | undefined;
    const done = () => {
      if (t) clearTimeout(t);
      signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      done();
      reject(abortReason(signal!));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    if (timeoutMs) {
      t = setTimeout(() => {
        done();
        reject(opts.onTimeout());
      }, timeoutMs);
    }
    p.then(
      (v) => (done(), resolve(v)),
      (e) => (done(), reject(e)),
    );
  });
}
