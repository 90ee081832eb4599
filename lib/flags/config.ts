/**
 * Flag sources in Service.strategyConfig.flags (one source or a list), e.g.
 *   { flags: { source: "featureflag-cr", name: "shop-flags", namespace: "shop", flagdUrl: "http://flagd.shop:8013" } }
 * zod only, so browser forms can read it too.
 */
import { z } from "zod";

export const flagSourceSchema = z.object({
  source: z.enum(["featureflag-cr", "configmap"]).default("featureflag-cr"),
  name: z.string().min(1),
  /** Defaults to the service's namespace. */
  namespace: z.string().min(1).optional(),
  /** ConfigMap data key with the flagd JSON; default: its only `*.json` key. */
  configMapKey: z.string().min(1).optional(),
});
export type FlagSource = z.infer<typeof flagSourceSchema>;

const configured = flagSourceSchema.extend({ flagdUrl: z.string().url().optional() }).strict();
/** The service's `flags` setting: one source or a list. */
export const flagsSettingsSchema = z.union([configured, z.array(configured)]);
export type FlagsSettings = z.infer<typeof flagsSettingsSchema>;
const configSchema = z.object({ flags: flagsSettingsSchema.optional() });

export type ConfiguredFlagSource = FlagSource & { namespace: string; flagdUrl?: string };

/** The flag sources configured for a service (namespace defaulted); [] when none or malformed. */
export function flagSourcesOf(strategyConfig: unknown, serviceNamespace: string): ConfiguredFlagSource[] {
  const parsed = configSchema.safeParse(strategyConfig ?? {});
  if (!parsed.success || !parsed.data.flags) return [];
  const list = Array.isArray(parsed.data.flags) ? parsed.data.flags : [parsed.data.flags];
  return list.map((s) => ({ ...s, namespace: s.namespace ?? serviceNamespace }));
}
