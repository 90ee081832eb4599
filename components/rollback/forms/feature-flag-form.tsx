"use client";
// Kill switch for a flagd flag: the source (FeatureFlag CR or flag ConfigMap) comes from the
// service's strategyConfig.flags; the commander names the flag and whether to disable or re-enable.
import { useState } from "react";
import { flagSourcesOf } from "@/lib/flags/config";
import { ParamInput, ParamSelect } from "./fields";
import type { StrategyFormService } from "./index";

export function FeatureFlagForm({ service }: { service: StrategyFormService }) {
  const sources = flagSourcesOf(service.strategyConfig, service.namespace);
  const [i, setI] = useState(0);
  const src = sources[i];
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {sources.length > 1 && (
        <ParamSelect label="Flag source" value={i} onChange={(e) => setI(Number(e.target.value))}>
          {sources.map((s, n) => (
            <option key={n} value={n}>
              {s.source === "featureflag-cr" ? "FeatureFlag" : "ConfigMap"} {s.namespace}/{s.name}
            </option>
          ))}
        </ParamSelect>
      )}
      <ParamSelect
        label="Source kind"
        name="params.source"
        key={`s${i}`}
        defaultValue={src?.source ?? "featureflag-cr"}
      >
        <option value="featureflag-cr">FeatureFlag custom resource</option>
        <option value="configmap">flagd ConfigMap</option>
      </ParamSelect>
      <ParamInput label="Object name" name="params.name" key={`n${i}`} defaultValue={src?.name ?? ""} required />
      <ParamInput
        label="Namespace"
        name="params.namespace"
        key={`ns${i}`}
        defaultValue={src?.namespace ?? service.namespace}
      />
      {src?.configMapKey && <input type="hidden" name="params.configMapKey" value={src.configMapKey} />}
      <ParamInput label="Flag key" name="params.flagKey" required placeholder="new-checkout" />
      <ParamSelect label="Action" name="params.action" defaultValue="disable">
        <option value="disable">Disable (kill switch)</option>
        <option value="re-enable">Re-enable (restore the recorded state)</option>
      </ParamSelect>
      <ParamSelect label="How to turn it off" name="params.mode" defaultValue="default-variant">
        <option value="default-variant">
          Default variant → off variant, targeting removed (every caller gets off)
        </option>
        <option value="state">State DISABLED (callers get their code default)</option>
      </ParamSelect>
      <ParamInput
        label="Off variant (optional)"
        name="params.offVariant"
        hint='Default: the variant named "off", else the only false one'
      />
      <ParamInput
        label="flagd URL to confirm with (optional)"
        name="params.flagdUrl"
        type="url"
        key={`f${i}`}
        defaultValue={src?.flagdUrl ?? ""}
      />
    </div>
  );
}
