/**
 * What the catalog editor opens with (browser-safe, pure): a blank service, or a proposal from
 * discovery completed with the schema's defaults. A proposal the schema refuses (e.g. a derived name
 * that is not a label) still opens, over the blank, so the person fixes it in the form.
 */
import {
  serviceSettingsSchema,
  type ServiceSettings,
  type ServiceSettingsInput,
} from "@/lib/services/service-settings";

export function blankSettings(): ServiceSettings {
  return { ...serviceSettingsSchema.parse({ name: "new-service" }), name: "" };
}

export function settingsForEditor(input?: ServiceSettingsInput): ServiceSettings {
  if (!input) return blankSettings();
  const parsed = serviceSettingsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const blank = blankSettings();
  return {
    ...blank,
    name: input.name ?? "",
    description: input.description ?? blank.description,
    clusterContext: input.clusterContext ?? blank.clusterContext,
    namespace: input.namespace ?? blank.namespace,
    deployments: input.deployments ?? [],
  };
}
