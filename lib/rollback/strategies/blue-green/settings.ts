// Blue-green: the Service whose selector picks the color, and the stable/bad pair.
import { z } from "zod";
import { notConfigured, type StrategySettings } from "../../settings";
import type { BlueGreenParams } from "./params";

export const blueGreenSettingsSchema = z
  .object({
    /** The Kubernetes Service whose selector is switched. */
    service: z.string().min(1),
    colorLabel: z.string().min(1).default("color"),
    stableColor: z.string().min(1),
    badColor: z.string().min(1),
    /** Sampled after the switch to see the stable version answer. */
    versionUrl: z.url().optional(),
  })
  .strict();
export type BlueGreenSettings = z.infer<typeof blueGreenSettingsSchema>;

export const blueGreenSettings: StrategySettings<BlueGreenParams> = {
  section: "blueGreen",
  configured: (s) => s.strategies.blueGreen !== undefined,
  violations: (s, p) => {
    const cfg = s.strategies.blueGreen;
    if (!cfg) return ["blue-green is not configured for this service"];
    const out: string[] = [];
    if (p.service !== cfg.service) out.push(notConfigured("Service", p.service, [cfg.service]));
    if (p.colorLabel !== cfg.colorLabel) out.push(notConfigured("selector label", p.colorLabel, [cfg.colorLabel]));
    const pair = [cfg.stableColor, cfg.badColor];
    // Either direction: switching back after a rollback is a rollback too.
    if (!pair.includes(p.stableColor) || !pair.includes(p.badColor) || p.stableColor === p.badColor)
      out.push(`colors "${p.stableColor}" → "${p.badColor}" are not the configured pair (${pair.join(", ")})`);
    if (p.versionUrl !== undefined && p.versionUrl !== cfg.versionUrl)
      out.push(notConfigured("version URL", p.versionUrl, cfg.versionUrl ? [cfg.versionUrl] : []));
    for (const d of p.badDeployments ?? [])
      if (!s.deployments.includes(d)) out.push(notConfigured("Deployment", d, s.deployments));
    return out;
  },
  access: (s) => [
    {
      group: "",
      resource: "services",
      verbs: ["get", "patch"],
      namespace: s.namespace,
      context: s.clusterContext,
      why: "switch the Service's selector",
    },
    {
      group: "apps",
      resource: "deployments",
      // list: find the bad color; patch: scale it down; get: capture it before the switch.
      verbs: ["list", "get", "patch"],
      namespace: s.namespace,
      context: s.clusterContext,
      why: "find, capture and scale down the bad color",
    },
    {
      group: "discovery.k8s.io",
      resource: "endpointslices",
      verbs: ["list"],
      namespace: s.namespace,
      context: s.clusterContext,
      why: "verify the Service's endpoints are the stable color",
    },
    {
      group: "",
      resource: "pods",
      verbs: ["list"],
      namespace: s.namespace,
      context: s.clusterContext,
      why: "verify the endpoints' pods and capture the bad color's pods",
    },
    {
      group: "",
      resource: "pods",
      subresource: "log",
      verbs: ["get"],
      namespace: s.namespace,
      context: s.clusterContext,
      why: "capture the bad color's pod logs before acting",
    },
  ],
};
