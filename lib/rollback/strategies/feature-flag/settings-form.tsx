"use client";
// The service's flag sources: one, or a list (kept in the shape it was written in while it has one).
import type { z } from "zod";
import type { flagsSettingsSchema } from "@/lib/flags/config";
import { SelectSetting, TextSetting } from "../settings-fields";
import { type SectionContext, type SettingsFormProps } from "../settings-form-types";
import { optionalText as optional } from "../form-fields";

export type FlagsSettingsInput = z.input<typeof flagsSettingsSchema>;
type FlagSourceInput = Extract<FlagsSettingsInput, { name: string }>;

export const emptyFlagsSettings = (s: SectionContext): FlagsSettingsInput => ({
  source: "featureflag-cr",
  name: `${s.name}-flags`,
});

const SOURCES = [
  { value: "featureflag-cr", label: "FeatureFlag resource (OpenFeature operator)" },
  { value: "configmap", label: "flagd ConfigMap" },
] as const;

export function FlagsSettingsForm({ value, onChange, path, errors, disabled }: SettingsFormProps<FlagsSettingsInput>) {
  const list = Array.isArray(value) ? value : [value];
  const emit = (next: FlagSourceInput[]) => onChange(!Array.isArray(value) && next.length === 1 ? next[0] : next);
  const c = { errors, disabled };
  return (
    <div className="space-y-3">
      {list.map((src, i) => {
        const at = Array.isArray(value) ? `${path}.${i}` : path;
        const set = (patch: Partial<FlagSourceInput>) => emit(list.map((s, j) => (j === i ? { ...s, ...patch } : s)));
        return (
          <fieldset key={i} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
            <legend className="px-1 text-xs font-semibold text-zinc-500">Flag source {i + 1}</legend>
            <div className="grid gap-3 sm:grid-cols-2">
              <SelectSetting
                {...c}
                label="Kind"
                path={`${at}.source`}
                value={src.source ?? "featureflag-cr"}
                options={SOURCES}
                onChange={(v) => set({ source: v })}
              />
              <TextSetting
                {...c}
                label="Name"
                path={`${at}.name`}
                value={src.name}
                onChange={(v) => set({ name: v })}
                required
              />
              <TextSetting
                {...c}
                label="Namespace"
                path={`${at}.namespace`}
                value={src.namespace}
                onChange={(v) => set({ namespace: optional(v) })}
                hint="Defaults to the service's namespace."
              />
              {src.source === "configmap" && (
                <TextSetting
                  {...c}
                  label="ConfigMap key"
                  path={`${at}.configMapKey`}
                  value={src.configMapKey}
                  onChange={(v) => set({ configMapKey: optional(v) })}
                  hint="Default: its only *.json key."
                />
              )}
              <TextSetting
                {...c}
                type="url"
                label="flagd URL (to verify)"
                path={`${at}.flagdUrl`}
                value={src.flagdUrl}
                onChange={(v) => set({ flagdUrl: optional(v) })}
              />
            </div>
            {list.length > 1 && !disabled && (
              <button
                type="button"
                className="mt-2 text-sm text-red-700 underline dark:text-red-400"
                onClick={() => emit(list.filter((_, j) => j !== i))}
              >
                Remove flag source {i + 1}
              </button>
            )}
          </fieldset>
        );
      })}
      {!disabled && (
        <button
          type="button"
          className="text-sm underline"
          onClick={() => onChange([...list, { source: "featureflag-cr", name: "" }])}
        >
          Add a flag source
        </button>
      )}
    </div>
  );
}
