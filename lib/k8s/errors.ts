import { AppError, isAppError } from "@/lib/errors";
import { describeK8sError, isApiException, type K8sErrorContext } from "./describe-k8s-error";

export { apiServerMessage } from "./describe-k8s-error";

/** What a Kubernetes call was doing and against what, for the sentence (see describe-k8s-error.ts). */
export type MapContext = K8sErrorContext;

/** Any error from a Kubernetes call → AppError with a message a commander can act on. */
export function toAppError(e: unknown, ctx: MapContext = {}): AppError {
  if (isAppError(e)) return e;
  const { code, message } = describeK8sError(e, ctx);
  return new AppError(code, message, { cause: e });
}

/** HTTP status of an ApiException, or undefined for anything else (for "404 is fine here" checks). */
export function httpStatusOf(e: unknown): number | undefined {
  if (isApiException(e)) return e.code;
  if (isAppError(e) && e.cause !== undefined) return httpStatusOf(e.cause);
  return undefined;
}
