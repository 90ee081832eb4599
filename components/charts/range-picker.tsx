"use client";
// Native radio buttons styled as a segmented control: arrow keys, Tab and screen readers just work.
import { INCIDENT_RANGE, RANGE_KEYS, type RangeKey } from "@/lib/charts/ranges";

const label = (r: RangeKey) => (r === INCIDENT_RANGE ? "Incident" : r);

export function RangePicker({
  value,
  onChange,
  name,
  withIncident = false,
}: {
  value: RangeKey;
  onChange: (r: RangeKey) => void;
  name: string;
  /** Offer the incident's own span first (the incident page's default). */
  withIncident?: boolean;
}) {
  const keys: RangeKey[] = withIncident ? [INCIDENT_RANGE, ...RANGE_KEYS] : RANGE_KEYS;
  return (
    <fieldset className="flex items-center gap-2">
      <legend className="sr-only">Time range</legend>
      <span aria-hidden="true" className="text-xs text-zinc-500">
        Range
      </span>
      <div className="inline-flex overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700">
        {keys.map((r) => (
          <label key={r} className="relative">
            <input
              type="radio"
              name={name}
              value={r}
              checked={value === r}
              onChange={() => onChange(r)}
              className="peer sr-only"
            />
            <span className="block cursor-pointer px-2 py-1 text-xs peer-checked:bg-blue-600 peer-checked:text-white peer-focus-visible:outline peer-focus-visible:outline-2 peer-focus-visible:outline-blue-500 hover:bg-zinc-100 peer-checked:hover:bg-blue-600 dark:hover:bg-zinc-800">
              {label(r)}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
