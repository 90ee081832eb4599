/** Service selectors and what they actually route to (EndpointSlices), for blue-green switches. */
import { PatchStrategy, setHeaderOptions, type V1Service } from "@kubernetes/client-node";
import { k8s, type CallContext } from "./call";

export function getService(ctx: CallContext, namespace: string, name: string): Promise<V1Service> {
  return k8s(ctx, `read Service "${namespace}/${name}"`, () =>
    ctx.kube.core.readNamespacedService({ name, namespace }),
  );
}

/** Merge-patches selector keys; with `resourceVersion` the apiserver answers 409 if the Service changed. */
export function patchServiceSelector(
  ctx: CallContext,
  namespace: string,
  name: string,
  selector: Record<string, string | null>,
  opts: { dryRun?: boolean; resourceVersion?: string } = {},
): Promise<V1Service> {
  const body = {
    metadata: opts.resourceVersion ? { resourceVersion: opts.resourceVersion } : undefined,
    spec: { selector },
  };
  return k8s(ctx, `${opts.dryRun ? "dry-run patch" : "patch"} Service "${namespace}/${name}" selector`, () =>
    ctx.kube.core.patchNamespacedService(
      { name, namespace, body, dryRun: opts.dryRun ? "All" : undefined },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    ),
  );
}

export interface ServiceEndpoint {
  pod: string | null;
  address: string;
  ready: boolean;
}

/** The endpoints the Service routes to now, from its EndpointSlices (the Endpoints API is deprecated). */
export async function serviceEndpoints(
  ctx: CallContext,
  namespace: string,
  service: string,
): Promise<ServiceEndpoint[]> {
  const slices = await k8s(ctx, `list EndpointSlices of Service "${namespace}/${service}"`, () =>
    ctx.kube.discovery.listNamespacedEndpointSlice({
      namespace,
      labelSelector: `kubernetes.io/service-name=${service}`,
    }),
  );
  const out: ServiceEndpoint[] = [];
  for (const s of slices.items) {
    for (const e of s.endpoints ?? []) {
      out.push({
        pod: e.targetRef?.kind === "Pod" ? (e.targetRef.name ?? null) : null,
        address: e.addresses[0] ?? "",
        // Unset `ready` means ready (EndpointSlice API contract).
        ready: e.conditions?.ready !== false,
      });
    }
  }
  return out;
}

export async function podLabels(
  ctx: CallContext,
  namespace: string,
  labelSelector?: string,
): Promise<Map<string, Record<string, string>>> {
  const pods = await k8s(ctx, `list Pods in "${namespace}"`, () =>
    ctx.kube.core.listNamespacedPod({ namespace, labelSelector }),
  );
  return new Map(
    pods.items.filter((p) => !p.metadata?.deletionTimestamp).map((p) => [p.metadata!.name!, p.metadata?.labels ?? {}]),
  );
}

/** `a=b,c=d` from a Service selector map. */
export function selectorString(sel: Record<string, string>): string {
  return Object.entries(sel)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}
