"use client";
// Kill switch for a flagd flag: the source (FeatureFlag CR or flag ConfigMap) is one the service
// configures, picked when it has several; the commander names the flag and whether to disable or
// re-enable it.
import type { z } from "zod";
import { flagSourcesOf, type ConfiguredFlagSource } from "@/lib/flags/config";
import type { ServiceTargets } from "../../settings";
import { NotConfigured, ParamInput, ParamSelect, optionalText, useFormModel } from "../form-fields";
import type { StrategyFormModel, StrategyFormProps } from "../form-types";
import type { featureFlagParamsSchema } from "./params";

type Params = z.input<typeof featureFlagParamsSchema>;
type Action = NonNullable<Params["action"]>;
type Mode = NonNullable<Params["mode"]>;
type Values = { source: string; flagKey: string; action: Action; mode: Mode; offVariant: string };

/** The same list (and order) settings.ts checks params against. */
const sourcesOf = (t: ServiceTargets): ConfiguredFlagSource[] =>
  flagSourcesOf({ flags: t.strategies.flags }, t.namespace);

const KIND_LABEL = { "featureflag-cr": "FeatureFlag custom resource", configmap: "flagd ConfigMap" } as const;

export const featureFlagFormModel: StrategyFormModel<Values, Params> = {
  initial: () => ({ source: "0", flagKey: "", action: "disable", mode: "default-variant", offVariant: "" }),
  params: (v, t) => {
    const src = sourcesOf(t)[Number(v.source)];
    return {
      source: src?.source ?? "featureflag-cr",
      name: src?.name ?? "",
      namespace: src?.namespace,
      configMapKey: src?.configMapKey,
      flagdUrl: src?.flagdUrl,
      flagKey: v.flagKey,
      action: v.action,
      mode: v.mode,
      offVariant: optionalText(v.offVariant),
    };
  },
};

export function FeatureFlagForm(props: StrategyFormProps<Params>) {
  const [v, set] = useFormModel(featureFlagFormModel, props);
  const sources = sourcesOf(props.targets);
  const src = sources[Number(v.source)];
  if (!src) return <NotConfigured what="a flag source" />;
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {sources.length > 1 && (
        <ParamSelect
          label="Flag source"
          value={v.source}
          options={sources.map(
            (s, n) =>
              [
                String(n),
                `${s.source === "featureflag-cr" ? "FeatureFlag" : "ConfigMap"} ${s.namespace}/${s.name}`,
              ] as const,
          )}
          onValue={(source) => set({ source })}
        />
      )}
      <ParamInput label="Source kind" value={KIND_LABEL[src.source]} />
      <ParamInput label="Object name" value={src.name} />
      <ParamInput label="Namespace" value={src.namespace} />
      {src.configMapKey && <ParamInput label="ConfigMap key" value={src.configMapKey} />}
      <ParamInput
        label="Flag key"
        value={v.flagKey}
        onValue={(flagKey) => set({ flagKey })}
        required
        placeholder="new-checkout"
      />
      <ParamSelect<Action>
        label="Action"
        value={v.action}
        options={[
          ["disable", "Disable (kill switch)"],
          ["re-enable", "Re-enable (restore the recorded state)"],
        ]}
        onValue={(action) => set({ action })}
      />
      <ParamSelect<Mode>
        label="How to turn it off"
        value={v.mode}
        options={[
          ["default-variant", "Default variant → off variant, targeting removed (every caller gets off)"],
          ["state", "State DISABLED (callers get their code default)"],
        ]}
        onValue={(mode) => set({ mode })}
      />
      <ParamInput
        label="Off variant (optional)"
        value={v.offVariant}
        onValue={(offVariant) => set({ offVariant })}
        hint='Default: the variant named "off", else the only false one'
      />
      <ParamInput label="flagd URL to confirm with" value={src.flagdUrl ?? ""} placeholder="none configured" />
    </div>
  );
}
