"use client";
// The Helm releases a service may roll back: release names in the service's namespace.
import type { z } from "zod";
import { ListSetting } from "../settings-fields";
import type { SectionContext, SettingsFormProps } from "../settings-form-types";
import type { helmReleasesSettingsSchema } from "./settings";

export type HelmReleasesSettingsInput = z.input<typeof helmReleasesSettingsSchema>;

/** A service installed with Helm is usually its own release. */
export const emptyHelmReleasesSettings = (s: SectionContext): HelmReleasesSettingsInput => (s.name ? [s.name] : []);

export function HelmReleasesSettingsForm({
  value,
  onChange,
  path,
  errors,
  disabled,
}: SettingsFormProps<HelmReleasesSettingsInput>) {
  return (
    <ListSetting
      errors={errors}
      disabled={disabled}
      label="Helm releases (one per line)"
      path={path}
      value={value}
      onChange={onChange}
      hint="Release names in the service's namespace (helm list -n NAMESPACE). Needs the chart's rbac.helmReleases: Helm keeps its release records in Secrets."
    />
  );
}
