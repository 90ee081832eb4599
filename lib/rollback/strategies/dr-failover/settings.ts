// DR failover: the DR cluster (context, and the env var holding its kubeconfig when it is not in the
// dashboard's own), and the env vars holding the DNS and paging endpoints. Every name comes from here;
// a plan naming anything else is refused, so no form can make the server read another variable.
import { z } from "zod";
import { serviceEnvNameSchema } from "@/lib/services/env-name";
import { notConfigured, type StrategySettings } from "../../settings";
import type { DrFailoverParams } from "./params";

export const drSettingsSchema = z
  .object({
    context: z.string().min(1),
    kubeconfigEnv: serviceEnvNameSchema.optional(),
    /** Defaults to the service's namespace. */
    namespace: z.string().min(1).optional(),
    dnsWebhookUrlEnv: serviceEnvNameSchema.optional(),
    dnsWebhookTokenEnv: serviceEnvNameSchema.optional(),
    pagingUrlEnv: serviceEnvNameSchema.optional(),
    pagingRoutingKeyEnv: serviceEnvNameSchema.optional(),
    bridgeLine: z.string().max(500).optional(),
    statusNotice: z.string().max(2000).optional(),
  })
  .strict();
export type DrSettings = z.infer<typeof drSettingsSchema>;

const ENV_PARAMS = [
  ["drKubeconfigEnv", "kubeconfigEnv", "DR kubeconfig variable"],
  ["dnsWebhookUrlEnv", "dnsWebhookUrlEnv", "DNS webhook URL variable"],
  ["dnsWebhookTokenEnv", "dnsWebhookTokenEnv", "DNS webhook token variable"],
  ["pagingUrlEnv", "pagingUrlEnv", "paging URL variable"],
  ["pagingRoutingKeyEnv", "pagingRoutingKeyEnv", "paging routing key variable"],
] as const satisfies readonly (readonly [keyof DrFailoverParams, keyof DrSettings, string])[];

export const drFailoverSettings: StrategySettings<DrFailoverParams> = {
  section: "dr",
  configured: (s) => s.strategies.dr !== undefined && s.deployments.length > 0,
  violations: (s, p) => {
    const cfg = s.strategies.dr;
    if (!cfg) return ["DR failover is not configured for this service"];
    const out: string[] = [];
    if (!s.deployments.includes(p.deployment)) out.push(notConfigured("Deployment", p.deployment, s.deployments));
    if (p.drContext !== cfg.context) out.push(notConfigured("DR context", p.drContext, [cfg.context]));
    const ns = cfg.namespace ?? s.namespace;
    if (p.drNamespace !== undefined && p.drNamespace !== ns)
      out.push(notConfigured("DR namespace", p.drNamespace, [ns]));
    for (const [param, setting, what] of ENV_PARAMS) {
      const v = p[param];
      const allowed = cfg[setting];
      if (v !== undefined && v !== allowed) out.push(notConfigured(what, v, allowed ? [allowed] : []));
    }
    return out;
  },
  access: (s) => {
    const cfg = s.strategies.dr;
    const drNs = cfg?.namespace ?? s.namespace;
    const drCtx = cfg?.context ?? s.clusterContext;
    const primary = { namespace: s.namespace, context: s.clusterContext };
    return [
      {
        group: "apps",
        resource: "deployments",
        verbs: ["get"],
        ...primary,
        why: "read and capture the last known good Deployment on the primary",
      },
      {
        group: "apps",
        resource: "replicasets",
        verbs: ["list"],
        ...primary,
        why: "find the previous revision on the primary",
      },
      { group: "", resource: "pods", verbs: ["list"], ...primary, why: "capture the primary's pods before acting" },
      {
        group: "",
        resource: "pods",
        subresource: "log",
        verbs: ["get"],
        ...primary,
        why: "capture the primary's pod logs before acting",
      },
      {
        group: "apps",
        resource: "deployments",
        // Server-side apply is a patch, and a create when the DR copy does not exist yet; then the
        // rollout is watched (and polled with get).
        verbs: ["get", "create", "patch", "watch"],
        namespace: drNs,
        context: drCtx,
        why: "apply the Deployment in the DR cluster and wait for it",
      },
    ];
  },
};
