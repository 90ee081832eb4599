"use client";
// The service's canary: the route (Istio VirtualService or Gateway API HTTPRoute) and its backends.
import type { z } from "zod";
import { SelectSetting, TextSetting } from "../settings-fields";
import { type SectionContext, type SettingsFormProps } from "../settings-form-types";
import { optionalText as optional } from "../form-fields";
import type { canarySettingsSchema } from "./settings";

export type CanarySettingsInput = z.input<typeof canarySettingsSchema>;

export const emptyCanarySettings = (s: SectionContext): CanarySettingsInput => ({
  routeKind: "gateway",
  routeName: s.name,
  stableBackend: `${s.name}-stable`,
  canaryBackend: `${s.name}-canary`,
});

const ROUTE_KINDS = [
  { value: "gateway", label: "Gateway API HTTPRoute" },
  { value: "istio", label: "Istio VirtualService" },
] as const;

export function CanarySettingsForm({
  value,
  onChange,
  path,
  errors,
  disabled,
}: SettingsFormProps<CanarySettingsInput>) {
  const set = (patch: Partial<CanarySettingsInput>) => onChange({ ...value, ...patch });
  const c = { errors, disabled };
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <SelectSetting
        {...c}
        label="Route kind"
        path={`${path}.routeKind`}
        value={value.routeKind}
        options={ROUTE_KINDS}
        onChange={(v) => set({ routeKind: v })}
      />
      <TextSetting
        {...c}
        label="Route name"
        path={`${path}.routeName`}
        value={value.routeName}
        onChange={(v) => set({ routeName: v })}
        required
      />
      <TextSetting
        {...c}
        label="Stable backend"
        path={`${path}.stableBackend`}
        value={value.stableBackend}
        onChange={(v) => set({ stableBackend: v })}
        required
      />
      <TextSetting
        {...c}
        label="Canary backend"
        path={`${path}.canaryBackend`}
        value={value.canaryBackend}
        onChange={(v) => set({ canaryBackend: v })}
        required
      />
      <TextSetting
        {...c}
        label="Canary Deployment (optional)"
        path={`${path}.canaryDeployment`}
        value={value.canaryDeployment}
        onChange={(v) => set({ canaryDeployment: optional(v) })}
        hint="Scaled to 0 or deleted after the weight reaches 0."
      />
    </div>
  );
}
