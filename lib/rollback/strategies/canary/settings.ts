// Canary: the route (Istio VirtualService or Gateway API HTTPRoute), its backends and the canary Deployment.
import { z } from "zod";
import { notConfigured, type AccessRule, type StrategySettings } from "../../settings";
import type { CanaryParams } from "./params";

export const canarySettingsSchema = z
  .object({
    routeKind: z.enum(["istio", "gateway"]),
    routeName: z.string().min(1),
    stableBackend: z.string().min(1),
    canaryBackend: z.string().min(1),
    canaryDeployment: z.string().min(1).optional(),
  })
  .strict();
export type CanarySettings = z.infer<typeof canarySettingsSchema>;

const ROUTE_RESOURCE = {
  istio: { group: "networking.istio.io", resource: "virtualservices" },
  gateway: { group: "gateway.networking.k8s.io", resource: "httproutes" },
} as const;

export const canarySettings: StrategySettings<CanaryParams> = {
  section: "canary",
  configured: (s) => s.strategies.canary !== undefined,
  violations: (s, p) => {
    const cfg = s.strategies.canary;
    if (!cfg) return ["canary is not configured for this service"];
    const out: string[] = [];
    if (p.routeKind !== cfg.routeKind || p.routeName !== cfg.routeName)
      out.push(notConfigured("route", `${p.routeKind}/${p.routeName}`, [`${cfg.routeKind}/${cfg.routeName}`]));
    if (p.stableBackend !== cfg.stableBackend)
      out.push(notConfigured("stable backend", p.stableBackend, [cfg.stableBackend]));
    if (p.canaryBackend !== cfg.canaryBackend)
      out.push(notConfigured("canary backend", p.canaryBackend, [cfg.canaryBackend]));
    if (p.canaryDeployment !== undefined && p.canaryDeployment !== cfg.canaryDeployment)
      out.push(
        notConfigured("canary Deployment", p.canaryDeployment, cfg.canaryDeployment ? [cfg.canaryDeployment] : []),
      );
    return out;
  },
  access: (s) => {
    const cfg = s.strategies.canary;
    const rules: AccessRule[] = [
      {
        ...ROUTE_RESOURCE[cfg?.routeKind ?? "gateway"],
        verbs: ["get", "patch"],
        namespace: s.namespace,
        context: s.clusterContext,
        why: "step the canary weight to 0",
      },
    ];
    if (cfg?.canaryDeployment)
      rules.push(
        {
          group: "apps",
          resource: "deployments",
          verbs: ["get", "patch", "delete"],
          namespace: s.namespace,
          context: s.clusterContext,
          why: "capture the canary, then scale it to 0 or delete it",
        },
        {
          group: "",
          resource: "pods",
          verbs: ["list"],
          namespace: s.namespace,
          context: s.clusterContext,
          why: "capture the canary's pods before acting",
        },
        {
          group: "",
          resource: "pods",
          subresource: "log",
          verbs: ["get"],
          namespace: s.namespace,
          context: s.clusterContext,
          why: "capture the canary's pod logs before acting",
        },
      );
    return rules;
  },
};
