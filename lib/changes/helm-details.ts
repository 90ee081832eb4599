// A recorded Helm revision's details (ChangeEvent.details of kind HelmRelease), browser-safe: the
// recorder writes them (./extract.ts), the incident page and the culprit logic read them.
/**
 * What the recorder keeps of a Helm revision (ChangeEvent.details): chart, status and helm's
 * description. Never the release's values or manifest (a chart's Secrets render into it).
 */
export interface HelmChangeDetails {
  release: string;
  revision: number;
  chart: string;
  chartVersion: string;
  appVersion: string | null;
  status: string;
  description: string | null;
  /** Made by `helm rollback` (helm describes it "Rollback to N"): the revision N it copied. */
  rollbackTo: number | null;
}

/** The details of a recorded Helm change, or null when `details` is not one (another kind, an old row). */
export function helmDetailsOf(details: unknown): HelmChangeDetails | null {
  const d = details as Partial<HelmChangeDetails> | null;
  return d && typeof d.release === "string" && typeof d.revision === "number" && typeof d.chart === "string"
    ? (d as HelmChangeDetails)
    : null;
}

/**
 * The revision as the incident page shows it, in `helm history`'s terms: the release and revision,
 * the chart (and app version), helm's status, and what a rollback went back to.
 */
export function helmRevisionFacts(d: HelmChangeDetails): { label: string; value: string }[] {
  return [
    { label: "Release", value: d.release },
    {
      label: "Revision",
      value: d.rollbackTo === null ? String(d.revision) : `${d.revision} (rollback to revision ${d.rollbackTo})`,
    },
    { label: "Chart", value: `${d.chart}-${d.chartVersion}${d.appVersion ? ` (app ${d.appVersion})` : ""}` },
    { label: "Status", value: d.status },
  ];
}
