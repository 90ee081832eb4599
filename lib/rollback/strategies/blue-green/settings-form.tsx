"use client";
// The service's blue-green pair: the Service whose selector is switched and its two colors.
import type { z } from "zod";
import { TextSetting } from "../settings-fields";
import { type SectionContext, type SettingsFormProps } from "../settings-form-types";
import { optionalText as optional } from "../form-fields";
import type { blueGreenSettingsSchema } from "./settings";

export type BlueGreenSettingsInput = z.input<typeof blueGreenSettingsSchema>;

export const emptyBlueGreenSettings = (s: SectionContext): BlueGreenSettingsInput => ({
  service: s.name,
  colorLabel: "color",
  stableColor: "blue",
  badColor: "green",
});

export function BlueGreenSettingsForm({
  value,
  onChange,
  path,
  errors,
  disabled,
}: SettingsFormProps<BlueGreenSettingsInput>) {
  const set = (patch: Partial<BlueGreenSettingsInput>) => onChange({ ...value, ...patch });
  const c = { errors, disabled };
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <TextSetting
        {...c}
        label="Kubernetes Service"
        path={`${path}.service`}
        value={value.service}
        onChange={(v) => set({ service: v })}
        hint="Its selector is switched between the colors."
        required
      />
      <TextSetting
        {...c}
        label="Color label"
        path={`${path}.colorLabel`}
        value={value.colorLabel}
        onChange={(v) => set({ colorLabel: v })}
        placeholder="color"
      />
      <TextSetting
        {...c}
        label="Stable color"
        path={`${path}.stableColor`}
        value={value.stableColor}
        onChange={(v) => set({ stableColor: v })}
        required
      />
      <TextSetting
        {...c}
        label="Color being rolled out"
        path={`${path}.badColor`}
        value={value.badColor}
        onChange={(v) => set({ badColor: v })}
        required
      />
      <TextSetting
        {...c}
        type="url"
        label="Version URL (sampled after the switch)"
        path={`${path}.versionUrl`}
        value={value.versionUrl}
        onChange={(v) => set({ versionUrl: optional(v) })}
        placeholder="https://shop.example.com/version"
      />
    </div>
  );
}
