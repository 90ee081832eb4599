// What a commander asks of the flag kill switch (browser-safe: zod only; the planner's form builds it).
import { z } from "zod";
import { flagSourceSchema } from "@/lib/flags/config";

export const featureFlagParamsSchema = flagSourceSchema.extend({
  flagKey: z.string().min(1),
  action: z.enum(["disable", "re-enable"]).default("disable"),
  mode: z.enum(["default-variant", "state"]).default("default-variant"),
  offVariant: z.string().min(1).optional(),
  /** flagd's HTTP evaluation endpoint (e.g. http://flagd.shop:8013), to confirm what it serves. */
  flagdUrl: z.string().url().optional(),
});
export type FeatureFlagParams = z.infer<typeof featureFlagParamsSchema>;
