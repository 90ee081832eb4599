// The editor's state: a service's settings as the editor holds them (each strategy section in its
// form's input type), plus the check results shown beside the fields.
import type { ServiceSettings } from "@/lib/services/service-settings";
import type { SectionInput, SectionKey } from "@/lib/rollback/strategies/settings-forms";
import type { SettingsErrors } from "@/lib/rollback/strategies/settings-form-types";
import type { SignalName } from "@/lib/prometheus/signals";

export type EditorSettings = Omit<ServiceSettings, "strategies"> & {
  strategies: { [K in SectionKey]?: SectionInput<K> };
};

export type UrlKey = "healthUrl" | "readyUrl" | "versionUrl" | "metricsUrl";
export const URL_FIELDS: readonly { key: UrlKey; label: string; hint: string }[] = [
  { key: "healthUrl", label: "Health URL", hint: "Answers 2xx when the service is healthy (verification)." },
  { key: "readyUrl", label: "Ready URL", hint: "Answers 2xx when it serves traffic." },
  { key: "versionUrl", label: "Version URL", hint: "Returns the running version (verification after a rollback)." },
  { key: "metricsUrl", label: "Metrics URL", hint: "Where Prometheus scrapes it (for reference)." },
];

/** A check beside one field: idle, running, or its outcome in words. */
export type FieldCheck =
  | { state: "running" }
  | { state: "ok"; summary: string; detail?: string }
  | { state: "warn"; summary: string; detail?: string }
  | { state: "error"; summary: string; detail?: string };

/** A finished check. */
export type CheckOutcome = Exclude<FieldCheck, { state: "running" }>;

export type Checks = {
  cluster?: FieldCheck & { missing?: { strategy: string; lines: string[] }[] };
  promql: Partial<Record<SignalName, FieldCheck>>;
  urls: Partial<Record<UrlKey, FieldCheck>>;
};

export type EditorProps = {
  errors: SettingsErrors;
  disabled: boolean;
  checks: Checks;
  value: EditorSettings;
  set: (patch: Partial<EditorSettings>) => void;
  onPreview: (signal: SignalName) => void;
  onProbe: (key: UrlKey) => void;
};
