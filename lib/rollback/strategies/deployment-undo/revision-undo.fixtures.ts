// Test fixtures for the StatefulSet/DaemonSet undo tests: manifests and a wait for the controller.
// Lib code only (tests import it; it imports no test harness).
import type { CallContext } from "@/lib/k8s/call";
import type { DaemonSet, StatefulSet } from "@/lib/k8s/types";
import { getRevisionedWorkload, type RevisionedKind } from "@/lib/k8s/workloads";

export type Workload = StatefulSet | DaemonSet;

export interface ManifestOptions {
  image: string;
  sidecar?: string;
  env?: string;
  podNote?: string;
  replicas?: number;
  updateStrategy?: Record<string, unknown>;
}

/** A StatefulSet or DaemonSet whose pod template varies with `o` (kwok runs its pods). */
export function revisionedManifest(kind: RevisionedKind, name: string, o: ManifestOptions) {
  const labels = { app: name };
  const template = {
    metadata: { labels, annotations: o.podNote ? { note: o.podNote } : undefined },
    spec: {
      initContainers: o.sidecar
        ? [{ name: "init", image: o.sidecar.replace(/side-\d+/, "init-1"), command: ["/bin/true"] }]
        : undefined,
      containers: [
        {
          name: "app",
          image: o.image,
          env: o.env ? [{ name: "MODE", value: o.env }] : undefined,
          resources: { requests: { cpu: "10m", memory: "16Mi" } },
        },
        ...(o.sidecar
          ? [{ name: "sidecar", image: o.sidecar, ports: [{ containerPort: 9090, name: "metrics" }] }]
          : []),
      ],
    },
  };
  const spec =
    kind === "StatefulSet"
      ? { replicas: o.replicas ?? 2, serviceName: name, selector: { matchLabels: labels }, template }
      : { selector: { matchLabels: labels }, template };
  return {
    apiVersion: "apps/v1",
    kind,
    metadata: { name },
    spec: o.updateStrategy ? { ...spec, updateStrategy: o.updateStrategy } : spec,
  };
}

/** Until the controller has seen the latest spec, so its ControllerRevision for it exists. */
export async function waitSynced(
  ctx: CallContext,
  kind: RevisionedKind,
  ns: string,
  name: string,
  timeoutMs = 30_000,
): Promise<Workload> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const obj = await getRevisionedWorkload(ctx, kind, ns, name);
    const s = obj.status ?? {};
    const seen = (s.observedGeneration ?? 0) >= (obj.metadata.generation ?? 1);
    if (seen && (kind === "DaemonSet" || (obj as StatefulSet).status?.updateRevision)) return obj;
    if (Date.now() > end) throw new Error(`${kind} ${ns}/${name} not observed in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
