import "server-only";
/**
 * The checks beside a service's settings, all at once (the editor's "Check" button): cluster
 * reachability and RBAC per configured strategy, each signal's PromQL previewed, each URL probed.
 * The settings are already parsed (serviceSettingsSchema); nothing is saved.
 */
import { flagSourcesOf } from "@/lib/flags/config";
import type { SignalName } from "@/lib/prometheus/signals";
import type { ServiceSettings } from "@/lib/services/service-settings";
import { checkClusterAccess, type CheckAccessOptions, type ClusterAccessReport } from "./check-cluster-access";
import { previewServiceSignals, type PreviewOptions, type PromqlPreview } from "./preview-promql";
import { probeUrl, type ProbeOptions, type UrlProbe } from "./probe-url";

export interface SettingsCheckReport {
  access: ClusterAccessReport;
  promql: Record<SignalName, PromqlPreview & { overridden: boolean }>;
  /** Each URL setting with its probe; `field` is its path in the settings (e.g. "strategies.blueGreen.versionUrl"). */
  urls: (UrlProbe & { field: string })[];
}

/** The URL settings of a service, by their path in the settings. */
export function urlsOf(s: ServiceSettings): { field: string; url: string }[] {
  const out: { field: string; url: string }[] = [];
  for (const field of ["healthUrl", "readyUrl", "versionUrl", "metricsUrl"] as const) {
    const url = s[field];
    if (url) out.push({ field, url });
  }
  const bg = s.strategies.blueGreen?.versionUrl;
  if (bg) out.push({ field: "strategies.blueGreen.versionUrl", url: bg });
  flagSourcesOf({ flags: s.strategies.flags }, s.namespace).forEach((f, i) => {
    if (f.flagdUrl)
      out.push({
        field: Array.isArray(s.strategies.flags) ? `strategies.flags.${i}.flagdUrl` : "strategies.flags.flagdUrl",
        url: f.flagdUrl,
      });
  });
  return out;
}

export async function checkServiceSettings(
  settings: ServiceSettings,
  opts: { access?: CheckAccessOptions; promql?: PreviewOptions; probe?: ProbeOptions } = {},
): Promise<SettingsCheckReport> {
  const [access, promql, urls] = await Promise.all([
    checkClusterAccess(settings, opts.access),
    previewServiceSignals(settings, opts.promql),
    Promise.all(urlsOf(settings).map(async (u) => ({ ...(await probeUrl(u.url, opts.probe)), field: u.field }))),
  ]);
  return { access, promql, urls };
}
