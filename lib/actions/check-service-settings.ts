"use server";
import { defineAction } from "@/lib/actions/define-action";
import { checkServiceSettings, type SettingsCheckReport } from "@/lib/services/checks/check-service-settings";
import { serviceSettingsSchema } from "@/lib/services/service-settings";

/**
 * Admins only: the checks beside the settings editor for a submitted (unsaved) ServiceSettingsInput.
 * Invalid settings come back as field errors (paths like "strategies.blueGreen.service") before any
 * cluster, Prometheus or URL is asked. Nothing is saved.
 */
export const checkServiceSettingsAction = defineAction({
  permission: "service.discover",
  schema: serviceSettingsSchema,
  async run(settings): Promise<SettingsCheckReport> {
    return checkServiceSettings(settings);
  },
});
