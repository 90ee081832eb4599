import { ParamInput } from "./fields";
import type { StrategyFormService } from "./index";

type BlueGreenConfig = {
  blueGreen?: { service?: string; stableColor?: string; badColor?: string; colorLabel?: string; versionUrl?: string };
};

export function BlueGreenForm({ service }: { service: StrategyFormService }) {
  const cfg = (service.strategyConfig as BlueGreenConfig)?.blueGreen ?? {};
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <ParamInput
        label="Kubernetes Service"
        name="params.service"
        defaultValue={cfg.service ?? service.name}
        required
      />
      <ParamInput label="Selector label" name="params.colorLabel" defaultValue={cfg.colorLabel ?? "color"} required />
      <ParamInput
        label="Stable color (switch to)"
        name="params.stableColor"
        defaultValue={cfg.stableColor ?? "blue"}
        required
      />
      <ParamInput
        label="Bad color (switch from)"
        name="params.badColor"
        defaultValue={cfg.badColor ?? "green"}
        required
      />
      <ParamInput
        label="Version URL to sample (optional)"
        name="params.versionUrl"
        type="url"
        defaultValue={cfg.versionUrl ?? ""}
      />
      <ParamInput label="Then scale the bad color to 0" name="params.scaleDown" type="checkbox" />
    </div>
  );
}
