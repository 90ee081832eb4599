/**
 * A service's flags with their state, for the service page. Sources come from
 * Service.strategyConfig.flags: one source or a list, e.g.
 *   { flags: { source: "featureflag-cr", name: "shop-flags", namespace: "shop", flagdUrl?: "http://…" } }
 * Reading is best effort per source: an unreachable cluster shows as that source's error.
 */
import { z } from "zod";
import { isAppError } from "@/lib/errors";
import type { CallContext } from "@/lib/k8s/call";
import { describeFlag, servedValue, type PreviousFlagState } from "./definition";
import { flagSourceSchema, readFlags, sourceLabel, type FlagSource } from "./source";

const configSchema = z.object({
  flags: z.union([flagSourceSchema.extend({ flagdUrl: z.string().url().optional() }), z.array(flagSourceSchema.extend({ flagdUrl: z.string().url().optional() }))]).optional(),
});

export type ConfiguredFlagSource = FlagSource & { namespace: string; flagdUrl?: string };

/** The flag sources configured for a service (namespace defaulted); [] when none or malformed. */
export function flagSourcesOf(strategyConfig: unknown, serviceNamespace: string): ConfiguredFlagSource[] {
  const parsed = configSchema.safeParse(strategyConfig ?? {});
  if (!parsed.success || !parsed.data.flags) return [];
  const list = Array.isArray(parsed.data.flags) ? parsed.data.flags : [parsed.data.flags];
  return list.map((s) => ({ ...s, namespace: s.namespace ?? serviceNamespace }));
}

export interface ListedFlag {
  key: string;
  state: string;
  defaultVariant: string;
  /** What flagd serves without context; undefined = callers' code default (DISABLED). */
  value: unknown;
  hasTargeting: boolean;
  summary: string;
  /** Set when Rollback Command Center switched it off and can re-enable it. */
  killedBy?: PreviousFlagState;
}

export interface ListedSource {
  source: ConfiguredFlagSource;
  label: string;
  flags: ListedFlag[];
  error?: string;
}

export async function listServiceFlags(ctx: CallContext, service: { namespace: string; strategyConfig: unknown }): Promise<ListedSource[]> {
  const sources = flagSourcesOf(service.strategyConfig, service.namespace);
  return Promise.all(
    sources.map(async (source): Promise<ListedSource> => {
      const label = sourceLabel(source);
      try {
        const doc = await readFlags(ctx, source);
        const flags = Object.entries(doc.definition.flags)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, f]) => ({
            key,
            state: f.state,
            defaultVariant: f.defaultVariant,
            value: servedValue(f).value,
            hasTargeting: f.targeting !== undefined,
            summary: describeFlag(f),
            killedBy: doc.previous[key],
          }));
        return { source, label, flags };
      } catch (e) {
        return { source, label, flags: [], error: isAppError(e) ? e.userMessage : e instanceof Error ? e.message : String(e) };
      }
    }),
  );
}
