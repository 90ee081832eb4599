"use server";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { previewPromql, type PromqlPreview } from "@/lib/services/checks/preview-promql";
import { serviceSettingsSchema } from "@/lib/services/service-settings";

const previewPromqlSchema = z.object({
  /** PromQL with the optional $service and $window placeholders. */
  query: z.string().trim().min(1, "PromQL must not be empty").max(4000, "PromQL is too long (4000 characters at most)"),
  /** Substituted for $service. */
  serviceName: serviceSettingsSchema.shape.name,
  /** Substituted for $window (the service's triggerConfig.rateWindowSec). Default 60. */
  rateWindowSec: z.coerce.number().int().min(1).max(86_400).optional(),
});

/**
 * Admins only: one PromQL query against the dashboard's Prometheus. A query Prometheus refuses is a
 * result (status "invalid" with its errorType), not an action error; so are "no data" and an
 * unreachable or unconfigured Prometheus.
 */
export const previewPromqlAction = defineAction({
  permission: "service.discover",
  schema: previewPromqlSchema,
  async run(input): Promise<PromqlPreview> {
    return previewPromql(input);
  },
});
