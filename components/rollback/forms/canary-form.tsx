import { ParamInput, ParamSelect } from "./fields";
import type { StrategyFormService } from "./index";

type CanaryConfig = {
  canary?: {
    routeKind?: string;
    routeName?: string;
    stableBackend?: string;
    canaryBackend?: string;
    canaryDeployment?: string;
  };
};

export function CanaryForm({ service }: { service: StrategyFormService }) {
  const cfg = (service.strategyConfig as CanaryConfig)?.canary ?? {};
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <ParamSelect label="Route kind" name="params.routeKind" defaultValue={cfg.routeKind ?? "gateway"}>
        <option value="gateway">Gateway API HTTPRoute</option>
        <option value="istio">Istio VirtualService</option>
      </ParamSelect>
      <ParamInput label="Route name" name="params.routeName" defaultValue={cfg.routeName ?? service.name} required />
      <ParamInput
        label="Stable backend"
        name="params.stableBackend"
        defaultValue={cfg.stableBackend ?? `${service.name}-stable`}
        required
      />
      <ParamInput
        label="Canary backend"
        name="params.canaryBackend"
        defaultValue={cfg.canaryBackend ?? `${service.name}-canary`}
        required
      />
      <ParamInput
        label="Weight steps (%)"
        name="params.steps"
        data-type="number-list"
        defaultValue="5,0"
        hint="Canary weight at each step, ending at 0."
      />
      <ParamInput label="Pause between steps (ms)" name="params.pauseMs" type="number" min={0} defaultValue={30000} />
      <ParamInput label="Canary Deployment" name="params.canaryDeployment" defaultValue={cfg.canaryDeployment ?? ""} />
      <ParamSelect label="Then" name="params.finalAction" defaultValue="scale-to-zero">
        <option value="scale-to-zero">Scale the canary to 0</option>
        <option value="delete">Delete the canary Deployment</option>
      </ParamSelect>
    </div>
  );
}
