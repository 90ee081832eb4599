/**
 * The one classifier of Kubernetes client failures: each becomes a sentence that says what the
 * dashboard tried and where to fix it (no cluster configured, bad kubeconfig, context missing,
 * certificate refused, apiserver unreachable, credentials rejected, forbidden by RBAC, and the
 * apiserver's own Status for the rest). toAppError (errors.ts) wraps it; clients.ts words the
 * failures that happen before any request. Sentences never carry tokens or response bodies: only a
 * Status's `message`, the server URL, context and file names.
 */
import type { ErrorCode } from "@/lib/errors";
import { CERTIFICATE, UNREACHABLE, certificateProblem, networkCode } from "@/lib/net/network-error";
import { describeSource, IN_CLUSTER_TOKEN, type KubeconfigSource } from "./kubeconfig-source";

export interface K8sErrorContext {
  /** What the dashboard was doing, e.g. `read Deployment "web"`. */
  what?: string;
  /** The API server URL of the context in use. */
  server?: string;
  /** The kube context in use. */
  context?: string;
  /** Where the kubeconfig came from. */
  source?: KubeconfigSource;
}

export interface K8sErrorDescription {
  code: ErrorCode;
  message: string;
}

/** client-node's words for a plain-http server without insecure-skip-tls-verify (and for "no config"). */
const HTTP_REFUSED = "HTTP protocol is not allowed when skipTLSVerify is not set";

interface ApiExceptionLike {
  code: number;
  body?: unknown;
}

export function isApiException(e: unknown): e is ApiExceptionLike {
  // Structural: client-node's ApiException class may come from a second copy of the package.
  return typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "number" && "body" in e;
}

interface Status {
  message?: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string };
}

/** The apiserver's Status from a response body (client-node gives it as text); never other bodies. */
function statusOf(body: unknown): Status | undefined {
  let s: unknown = body;
  if (typeof body === "string") {
    try {
      s = JSON.parse(body);
    } catch {
      return undefined; // a proxy's HTML or text: not ours to repeat
    }
  }
  return s && typeof s === "object" ? (s as Status) : undefined;
}

/** The apiserver's own words from a Status body. */
export function apiServerMessage(body: unknown): string | undefined {
  const m = statusOf(body)?.message;
  return typeof m === "string" && m ? m : undefined;
}

/**
 * `User "u" cannot patch resource "deployments" in API group "apps" in the namespace "shop"`.
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/endpoints/handlers/responsewriters/errors.go (forbiddenMessage)
 */
const FORBIDDEN =
  /User "([^"]*)" cannot (\S+) resource "([^"]+)" in API group "([^"]*)"(?: in the namespace "([^"]+)"| at the cluster scope)/;

const tried = (ctx: K8sErrorContext) => {
  const on = ctx.context ? ` on context "${ctx.context}"` : "";
  return ctx.what ? ` (the dashboard tried to ${ctx.what}${on})` : on ? ` (${on.trim()})` : "";
};
const where = (ctx: K8sErrorContext) =>
  `${ctx.context ? `context "${ctx.context}"` : "the current context"} in ${ctx.source ? describeSource(ctx.source) : "the kubeconfig"}`;

/** "No cluster configured": every place the dashboard looked, and where to set one. */
export function noClusterMessage(source: Extract<KubeconfigSource, { kind: "none" }>, what?: string): string {
  const doing = what ? ` to ${what}` : "";
  return (
    `no Kubernetes cluster is configured${doing}: the dashboard looked for KUBECONFIG (not set), ` +
    `${source.home} (missing) and the in-cluster service account (${IN_CLUSTER_TOKEN}, missing). ` +
    "Point KUBECONFIG at a kubeconfig (the Helm chart runs in-cluster and mounts kubeconfigs.files), " +
    "then set each service's cluster context in the catalog."
  );
}

/** A catalog context the kubeconfig lacks, with the contexts it has. */
export function contextMissingMessage(context: string, source: KubeconfigSource, available: string[]): string {
  if (source.kind === "none") return `Kubernetes context "${context}" is not configured: ${noClusterMessage(source)}`;
  const have = available.length ? `its contexts are ${available.map((c) => `"${c}"`).join(", ")}` : "it has none";
  return (
    `Kubernetes context "${context}" is not in ${describeSource(source)}; ${have}. ` +
    `Set the service's cluster context in the catalog to one of them, or add "${context}" to the kubeconfig.`
  );
}

/** A kubeconfig file that could not be loaded, in fixed words (fs and YAML errors quote the file). */
export function unreadableKubeconfigMessage(e: unknown, source: KubeconfigSource): string {
  const errno = (e as NodeJS.ErrnoException | null)?.code;
  const why =
    errno === "ENOENT"
      ? "does not exist"
      : errno === "EACCES" || errno === "EPERM"
        ? "is not readable by the dashboard's user"
        : errno
          ? `could not be read (${errno})`
          : "is not a valid kubeconfig";
  return `the Kubernetes configuration ${describeSource(source)} ${why}: fix the file or the KUBECONFIG variable.`;
}

/** The same sentence as a no-answer in k8s()'s deadline: unreachable, with what and where. */
export function unreachableMessage(reason: string, ctx: K8sErrorContext): string {
  return (
    `Kubernetes API server unreachable at ${ctx.server ?? "(unknown server)"}: ${reason}${tried(ctx)}. ` +
    `Check the server URL of ${where(ctx)}, and that the apiserver is up and reachable from the dashboard.`
  );
}

function forbidden(message: string, status: Status | undefined, ctx: K8sErrorContext): string {
  const m = FORBIDDEN.exec(message);
  // Not RBAC (admission, a terminating namespace): the apiserver's words are the explanation.
  if (!m) return `the cluster refused the request${tried(ctx)}: ${message}`;
  const [, user, verb, resource, group, namespace] = m;
  // The Status details name the object (absent for lists).
  const name = status?.details?.name ? ` "${status.details.name}"` : "";
  const res = `${resource}${group ? `.${group}` : ""}${name}`;
  const scope = namespace ? `in namespace "${namespace}"` : "at cluster scope";
  return (
    `the cluster's RBAC forbids ${verb} ${res} ${scope} for ${user}${tried(ctx)}. ` +
    `Grant it in the chart's rbac values (rbac.namespaces, or rbac.clusterWide); a verb the dashboard's ` +
    `table lacks goes in lib/rollback/access-table.ts (npm run gen:rbac), or in the Role bound to ${user}.`
  );
}

/** Any failure of a Kubernetes call → the code and the sentence for the timeline and the UI. */
export function describeK8sError(e: unknown, ctx: K8sErrorContext = {}): K8sErrorDescription {
  const doing = ctx.what ? ` (${ctx.what})` : "";
  if (isApiException(e)) {
    const status = statusOf(e.body);
    const msg = apiServerMessage(e.body) ?? `HTTP ${e.code}`;
    switch (e.code) {
      case 401:
        return {
          code: "forbidden",
          message:
            `the Kubernetes API server at ${ctx.server ?? "(unknown server)"} rejected the dashboard's credentials ` +
            `(401 Unauthorized)${tried(ctx)}: renew the token or client certificate of ${where(ctx)}.`,
        };
      case 403:
        return { code: "forbidden", message: forbidden(msg, status, ctx) };
      case 404:
        return { code: "not_found", message: msg };
      case 409:
        return { code: "conflict", message: msg };
      case 400:
      case 422:
        return { code: "invalid", message: msg };
      case 408:
      case 504:
        return { code: "timeout", message: `the Kubernetes API server timed out${doing}: ${msg}` };
      default:
        if (e.code === 429 || e.code >= 500)
          return { code: "unavailable", message: `the Kubernetes API server failed${doing}: ${msg}` };
        return { code: "failed", message: `Kubernetes answered ${e.code}${doing}: ${msg}` };
    }
  }
  const text = e instanceof Error ? e.message : String(e);
  if (text.startsWith(HTTP_REFUSED)) {
    if (ctx.source?.kind === "none") return { code: "unavailable", message: noClusterMessage(ctx.source, ctx.what) };
    return {
      code: "invalid",
      message:
        `the cluster of ${where(ctx)} has the plain http:// server ${ctx.server ?? ""} without ` +
        `insecure-skip-tls-verify, which the Kubernetes client refuses${tried(ctx)}: use the apiserver's ` +
        "https:// URL with its certificate-authority-data.",
    };
  }
  const cert = networkCode(e, CERTIFICATE);
  if (cert)
    return {
      code: "unavailable",
      message:
        `the Kubernetes API server at ${ctx.server ?? "(unknown server)"} presented a certificate that ` +
        `${certificateProblem(cert, "the kubeconfig")} (${cert})${tried(ctx)}: fix certificate-authority-data (or the server URL) ` +
        `of the cluster of ${where(ctx)}.`,
    };
  const net = networkCode(e, UNREACHABLE);
  if (net) return { code: "unavailable", message: unreachableMessage(`${net}, ${UNREACHABLE[net]}`, ctx) };
  if (e instanceof Error && (e.name === "AbortError" || e.name === "TimeoutError"))
    return { code: "timeout", message: `the Kubernetes request was aborted${doing}` };
  return { code: "failed", message: `Kubernetes call failed${doing}: ${text}` };
}
