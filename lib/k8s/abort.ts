import { AppError, isAppError } from "@/lib/errors";

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
 * Races `p` against `signal` and a deadline. The underlying request is not cancelled (client-node's
 * promise API takes no signal), but the caller stops waiting, which is what a stuck apiserver needs.
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
