"use client";
// Drain the canary: the route and its backends come from the service's settings (read-only); the
// commander sets the weight steps, the pause and what happens to the canary Deployment afterwards.
import type { z } from "zod";
import { NotConfigured, ParamInput, ParamSelect, optionalNumber, useFormModel } from "../form-fields";
import type { StrategyFormModel, StrategyFormProps } from "../form-types";
import type { canaryParamsSchema } from "./params";

type Params = z.input<typeof canaryParamsSchema>;
type FinalAction = NonNullable<Params["finalAction"]>;
type Values = { steps: string; pauseMs: string; removeDeployment: boolean; finalAction: FinalAction };

const ROUTE_KIND_LABEL = { gateway: "Gateway API HTTPRoute", istio: "Istio VirtualService" } as const;

/** "5, 0" → [5, 0]; "" → undefined (the strategy's default). */
const stepList = (v: string) => {
  const list = v.split(/[\s,]+/).filter(Boolean);
  return list.length ? list.map(Number) : undefined;
};

export const canaryFormModel: StrategyFormModel<Values, Params> = {
  initial: (t) => ({
    steps: "5,0",
    pauseMs: "30000",
    removeDeployment: t.strategies.canary?.canaryDeployment !== undefined,
    finalAction: "scale-to-zero",
  }),
  params: (v, t) => {
    const cfg = t.strategies.canary;
    const canaryDeployment = v.removeDeployment ? cfg?.canaryDeployment : undefined;
    return {
      routeKind: cfg?.routeKind ?? "gateway",
      routeName: cfg?.routeName ?? "",
      stableBackend: cfg?.stableBackend ?? "",
      canaryBackend: cfg?.canaryBackend ?? "",
      steps: stepList(v.steps),
      pauseMs: optionalNumber(v.pauseMs),
      canaryDeployment,
      finalAction: canaryDeployment ? v.finalAction : undefined,
    };
  },
};

export function CanaryForm(props: StrategyFormProps<Params>) {
  const [v, set] = useFormModel(canaryFormModel, props);
  const cfg = props.targets.strategies.canary;
  if (!cfg) return <NotConfigured what="a canary route" />;
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {/* One option: the configured route kind, shown the way the other fields are. */}
      <ParamSelect
        label="Route kind"
        value={cfg.routeKind}
        options={[[cfg.routeKind, ROUTE_KIND_LABEL[cfg.routeKind]]]}
        onValue={() => {}}
      />
      <ParamInput label="Route name" value={cfg.routeName} />
      <ParamInput label="Stable backend" value={cfg.stableBackend} />
      <ParamInput label="Canary backend" value={cfg.canaryBackend} />
      <ParamInput
        label="Weight steps (%)"
        value={v.steps}
        onValue={(steps) => set({ steps })}
        hint="Canary weight at each step, ending at 0."
      />
      <ParamInput
        label="Pause between steps (ms)"
        type="number"
        min={0}
        value={v.pauseMs}
        onValue={(pauseMs) => set({ pauseMs })}
      />
      {cfg.canaryDeployment ? (
        <ParamSelect
          label="Canary Deployment"
          value={v.removeDeployment ? cfg.canaryDeployment : ""}
          options={[
            [cfg.canaryDeployment, cfg.canaryDeployment],
            ["", "None: leave it running"],
          ]}
          onValue={(d) => set({ removeDeployment: d !== "" })}
        />
      ) : (
        <ParamInput label="Canary Deployment" value="" placeholder="none configured: the route is drained only" />
      )}
      {v.removeDeployment && cfg.canaryDeployment && (
        <ParamSelect<FinalAction>
          label="Then"
          value={v.finalAction}
          options={[
            ["scale-to-zero", "Scale the canary to 0"],
            ["delete", "Delete the canary Deployment"],
          ]}
          onValue={(finalAction) => set({ finalAction })}
        />
      )}
    </div>
  );
}
