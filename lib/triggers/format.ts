// How trigger values read on the timeline and in charts: a ratio as a percentage, seconds as ms/s.
// Pure, shared by the server (timeline messages) and the browser (chart axes and tooltips).
export type SignalUnit = "ratio" | "seconds" | "per_second";

function trim(n: number, digits: number): string {
  return Number(n.toFixed(digits)).toString();
}

export function formatValue(v: number | null | undefined, unit: SignalUnit | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "no data";
  switch (unit) {
    case "ratio":
      return `${trim(v * 100, Math.abs(v) < 0.01 ? 3 : 2)} %`;
    case "seconds":
      return Math.abs(v) < 1 ? `${trim(v * 1000, 1)} ms` : `${trim(v, 2)} s`;
    case "per_second":
      return `${trim(v, 2)}/s`;
    default:
      return trim(v, 4);
  }
}

/** "error rate 48.5 % > 5 %": the rule's comparison as a sentence fragment. */
export function describeComparison(opts: {
  label: string;
  value: number | null;
  comparator: ">" | "<" | null;
  threshold: number | null;
  unit?: SignalUnit;
}): string {
  const value = formatValue(opts.value, opts.unit);
  if (opts.threshold === null || opts.comparator === null) return `${opts.label} ${value}`;
  return `${opts.label} ${value} ${opts.comparator} ${formatValue(opts.threshold, opts.unit)}`;
}
