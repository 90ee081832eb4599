/**
 * Sensible default settings for workloads an admin picked in discovery (pure, browser-safe). The
 * result is a ServiceSettingsInput for the editor to show and the catalog to validate; nothing here
 * is saved.
 */
import { AppError } from "@/lib/errors";
import type { ServiceSettingsInput } from "@/lib/services/service-settings";
import { workloadRef, type DiscoveredWorkload, type ManagedBy } from "./types";

export interface ServiceProposal {
  settings: ServiceSettingsInput;
  /** The workloads it came from, as `context/namespace/Kind/name`. */
  from: string[];
}

/** A string made into an RFC 1123 label (what a service name must be), or "" when nothing is left. */
export function toServiceName(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .slice(0, 63)
    .replace(/^-+|-+$/g, "");
}

function describeOwner(m: ManagedBy): string {
  switch (m.tool) {
    case "helm":
      return `Helm release ${m.release ?? "?"}${m.releaseNamespace ? ` (${m.releaseNamespace})` : ""}`;
    case "argocd":
      return `Argo CD application ${m.application ?? "?"}`;
    case "flux":
      return `Flux ${m.kind} ${m.namespace ? `${m.namespace}/` : ""}${m.name ?? "?"}`;
    case "other":
      return m.name;
  }
}

/**
 * Defaults for one service made of `workloads` (one context and namespace): named after the first
 * workload's app.kubernetes.io/name (or `app`) label, else its name; notify-only triggers; one
 * approver. `name` overrides the derived name.
 */
export function proposeService(workloads: readonly DiscoveredWorkload[], name?: string): ServiceProposal {
  const first = workloads[0];
  if (!first) throw new AppError("invalid", "Pick at least one workload.");
  if (workloads.some((w) => w.context !== first.context || w.namespace !== first.namespace))
    throw new AppError("invalid", "A service's workloads must be in one context and namespace.");
  const deployments = [...new Set(workloads.filter((w) => w.kind === "Deployment").map((w) => w.name))];
  const owners = [...new Set(workloads.flatMap((w) => w.managedBy.map(describeOwner)))];
  const where = `${first.context}/${first.namespace}`;
  const description =
    `Discovered in ${where}: ${deployments.join(", ")}` + (owners.length ? `; managed by ${owners.join(", ")}` : "");
  return {
    settings: {
      name: name ?? (toServiceName(first.appName ?? "") || toServiceName(first.name)),
      description: description.slice(0, 500),
      clusterContext: first.context,
      namespace: first.namespace,
      deployments,
      triggerPolicy: "notify",
      needsSecondApprover: false,
    },
    from: workloads.map(workloadRef),
  };
}
