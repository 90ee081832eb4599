"use server";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { annotatedServices, type AnnotatedServices } from "@/lib/services/discovery/annotated-services";
import { discoverAll } from "@/lib/services/discovery/discover-workloads";
import { listKubeContexts, type KubeconfigInfo } from "@/lib/services/discovery/list-kube-contexts";
import type { ContextDiscovery } from "@/lib/services/discovery/types";

const name = z.string().trim().min(1).max(253);

const discoverWorkloadsSchema = z.object({
  /** Default: every context of the dashboard's kubeconfig. */
  contexts: z.array(name).max(50).optional(),
  /** Only this namespace (must exist). */
  namespace: name.optional(),
  includeSystem: z.boolean().optional(),
});

export interface DiscoverWorkloadsResult {
  /** Which kubeconfig was read and its contexts (no credentials). */
  kubeconfig: KubeconfigInfo;
  /** Per context: namespaces and Deployments, or that context's own error. */
  contexts: ContextDiscovery[];
  /** Workloads annotated rollback-command-center.io/service, as service proposals (and their errors). */
  annotated: AnnotatedServices;
}

/**
 * Admins only: what the dashboard's clusters run (discovery reveals their layout). Read-only; an
 * unreachable or forbidden context is reported in its entry and the others still come back.
 * Create a service from picked workloads with proposeService (lib/services/discovery/propose-service).
 */
export const discoverWorkloadsAction = defineAction({
  permission: "service.discover",
  schema: discoverWorkloadsSchema,
  async run(input): Promise<DiscoverWorkloadsResult> {
    const kubeconfig = listKubeContexts();
    const contexts = await discoverAll({
      contexts: input.contexts,
      namespace: input.namespace,
      includeSystem: input.includeSystem,
    });
    return { kubeconfig, contexts, annotated: annotatedServices(contexts) };
  },
});
