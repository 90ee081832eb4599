/**
 * A service's flags with their state, for the service page (sources: lib/flags/config.ts).
 * Reading is best effort per source: an unreachable cluster shows as that source's error.
 */
import { operatorMessageOf } from "@/lib/errors";
import type { CallContext } from "@/lib/k8s/call";
import { describeFlag, servedValue, type PreviousFlagState } from "./definition";
import { flagSourcesOf, type ConfiguredFlagSource } from "./config";
import { readFlags, sourceLabel } from "./source";

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

export async function listServiceFlags(
  ctx: CallContext,
  service: { namespace: string; strategyConfig: unknown },
): Promise<ListedSource[]> {
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
        return { source, label, flags: [], error: operatorMessageOf(e) };
      }
    }),
  );
}
