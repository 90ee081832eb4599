// Feature flags: the flag sources (FeatureFlag CRs or flagd ConfigMaps) the service owns. Any flag
// key inside a configured source may be switched; sources and flagd URLs outside them may not.
import { flagSourcesOf } from "@/lib/flags/config";
import { notConfigured, type StrategySettings } from "../../settings";
import type { FeatureFlagParams } from "./params";

const label = (s: { source: string; namespace: string; name: string }) => `${s.source} ${s.namespace}/${s.name}`;

export const featureFlagSettings: StrategySettings<FeatureFlagParams> = {
  section: "flags",
  configured: (s) => flagSourcesOf({ flags: s.strategies.flags }, s.namespace).length > 0,
  violations: (s, p) => {
    const sources = flagSourcesOf({ flags: s.strategies.flags }, s.namespace);
    const asked = { source: p.source, namespace: p.namespace ?? s.namespace, name: p.name };
    const match = sources.find(
      (c) => c.source === asked.source && c.namespace === asked.namespace && c.name === asked.name,
    );
    if (!match) return [notConfigured("flag source", label(asked), sources.map(label))];
    const out: string[] = [];
    if (p.configMapKey !== undefined && p.configMapKey !== match.configMapKey)
      out.push(notConfigured("ConfigMap key", p.configMapKey, match.configMapKey ? [match.configMapKey] : []));
    if (p.flagdUrl !== undefined && p.flagdUrl !== match.flagdUrl)
      out.push(notConfigured("flagd URL", p.flagdUrl, match.flagdUrl ? [match.flagdUrl] : []));
    return out;
  },
  access: (s) =>
    flagSourcesOf({ flags: s.strategies.flags }, s.namespace).map((c) =>
      c.source === "featureflag-cr"
        ? {
            group: "core.openfeature.dev",
            resource: "featureflags",
            verbs: ["get", "patch"],
            namespace: c.namespace,
            context: s.clusterContext,
            why: `switch flags in FeatureFlag ${c.name}`,
          }
        : {
            group: "",
            resource: "configmaps",
            verbs: ["get", "patch"],
            namespace: c.namespace,
            context: s.clusterContext,
            why: `switch flags in ConfigMap ${c.name}`,
          },
    ),
};
