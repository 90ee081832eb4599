"use client";
// The service's DR target and the env var NAMES holding its endpoints (values stay on the server).
import type { z } from "zod";
import { TextAreaSetting, TextSetting } from "../settings-fields";
import { type SettingsFormProps } from "../settings-form-types";
import { optionalText as optional } from "../form-fields";
import type { drSettingsSchema } from "./settings";

export type DrSettingsInput = z.input<typeof drSettingsSchema>;

export const emptyDrSettings = (): DrSettingsInput => ({ context: "" });

const ENV_FIELDS = [
  ["kubeconfigEnv", "DR kubeconfig variable", "When the DR context is not in the dashboard's kubeconfig."],
  ["dnsWebhookUrlEnv", "DNS webhook URL variable", undefined],
  ["dnsWebhookTokenEnv", "DNS webhook token variable", undefined],
  ["pagingUrlEnv", "Paging URL variable", undefined],
  ["pagingRoutingKeyEnv", "Paging routing key variable", undefined],
] as const satisfies readonly (readonly [keyof DrSettingsInput, string, string | undefined])[];

export function DrSettingsForm({ value, onChange, path, errors, disabled }: SettingsFormProps<DrSettingsInput>) {
  const set = (patch: Partial<DrSettingsInput>) => onChange({ ...value, ...patch });
  const c = { errors, disabled };
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <TextSetting
          {...c}
          label="DR cluster context"
          path={`${path}.context`}
          value={value.context}
          onChange={(v) => set({ context: v })}
          required
        />
        <TextSetting
          {...c}
          label="DR namespace"
          path={`${path}.namespace`}
          value={value.namespace}
          onChange={(v) => set({ namespace: optional(v) })}
          hint="Defaults to the service's namespace."
        />
        {ENV_FIELDS.map(([key, label, hint]) => (
          <TextSetting
            {...c}
            key={key}
            label={label}
            path={`${path}.${key}`}
            value={value[key]}
            onChange={(v) => set({ [key]: optional(v) })}
            placeholder="RCC_SERVICE_…"
            hint={hint ?? "The name of a server environment variable, never its value."}
          />
        ))}
      </div>
      <TextSetting
        {...c}
        label="Bridge line"
        path={`${path}.bridgeLine`}
        value={value.bridgeLine}
        onChange={(v) => set({ bridgeLine: optional(v) })}
      />
      <TextAreaSetting
        {...c}
        label="Status notice"
        path={`${path}.statusNotice`}
        value={value.statusNotice}
        onChange={(v) => set({ statusNotice: optional(v) })}
      />
    </div>
  );
}
