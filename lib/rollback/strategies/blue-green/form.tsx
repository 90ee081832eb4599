"use client";
// Switch the Service's selector back: the Service, label and color pair come from the service's
// settings (read-only); the commander picks the direction and whether to scale the bad color down.
import type { z } from "zod";
import { NotConfigured, ParamCheckbox, ParamInput, ParamSelect, useFormModel } from "../form-fields";
import type { StrategyFormModel, StrategyFormProps } from "../form-types";
import type { blueGreenParamsSchema } from "./params";

type Params = z.input<typeof blueGreenParamsSchema>;
type Values = { stableColor: string; scaleDown: boolean };

export const blueGreenFormModel: StrategyFormModel<Values, Params> = {
  initial: (t) => ({ stableColor: t.strategies.blueGreen?.stableColor ?? "", scaleDown: false }),
  params: (v, t) => {
    const cfg = t.strategies.blueGreen;
    return {
      service: cfg?.service ?? "",
      colorLabel: cfg?.colorLabel,
      stableColor: v.stableColor,
      badColor: otherColor(cfg, v.stableColor),
      scaleDown: v.scaleDown,
      versionUrl: cfg?.versionUrl,
    };
  },
};

/** Either direction of the configured pair: switching back after a rollback is a rollback too. */
const otherColor = (cfg: { stableColor: string; badColor: string } | undefined, color: string) =>
  cfg ? (color === cfg.stableColor ? cfg.badColor : cfg.stableColor) : "";

export function BlueGreenForm(props: StrategyFormProps<Params>) {
  const [v, set] = useFormModel(blueGreenFormModel, props);
  const cfg = props.targets.strategies.blueGreen;
  if (!cfg) return <NotConfigured what="a blue-green Service" />;
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <ParamInput label="Kubernetes Service" value={cfg.service} />
      <ParamInput label="Selector label" value={cfg.colorLabel} />
      <ParamSelect
        label="Stable color (switch to)"
        value={v.stableColor}
        options={[
          [cfg.stableColor, cfg.stableColor],
          [cfg.badColor, cfg.badColor],
        ]}
        onValue={(stableColor) => set({ stableColor })}
      />
      <ParamInput label="Bad color (switch from)" value={otherColor(cfg, v.stableColor)} />
      <ParamInput label="Version URL to sample (optional)" value={cfg.versionUrl ?? ""} placeholder="none configured" />
      <ParamCheckbox
        label="Then scale the bad color to 0"
        checked={v.scaleDown}
        onChecked={(scaleDown) => set({ scaleDown })}
      />
    </div>
  );
}
