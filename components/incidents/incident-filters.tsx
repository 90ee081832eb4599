import { SEVERITIES, STATUSES } from "@/lib/incidents/schemas";

// A plain GET form: filters live in the URL, so a filtered list can be shared and reloaded.
export function IncidentFilters({ status, severity }: { status?: string; severity?: string }) {
  const select = "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";
  return (
    <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Filter incidents">
      <label className="text-sm">
        Status{" "}
        <select name="status" defaultValue={status ?? ""} className={select}>
          <option value="">any</option>
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        Severity{" "}
        <select name="severity" defaultValue={severity ?? ""} className={select}>
          <option value="">any</option>
          {SEVERITIES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1 text-sm dark:border-zinc-700">
        Filter
      </button>
    </form>
  );
}
