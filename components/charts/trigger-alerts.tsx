import Link from "next/link";
import { db } from "@/lib/db";
import { formatUtc } from "@/lib/format/date";
import { SIGNALS, signalNameSchema } from "@/lib/prometheus/signals";
import { formatValue } from "@/lib/triggers/format";

// Dashboard banner: services whose trigger rules are firing or unknown (no data is not health).
// Reads TriggerState, which the leader-elected watcher writes; a state nobody refreshed lately is
// flagged, so a stopped watcher cannot look like calm.
const STALE_MS = 2 * 60_000;

async function alertingRules() {
  const rows = await db.triggerState.findMany({
    where: { state: { in: ["firing", "unknown"] }, service: { triggerPolicy: { not: "off" } } },
    include: { service: { select: { id: true, name: true, triggerPolicy: true } } },
    orderBy: [{ state: "asc" }, { evaluatedAt: "desc" }],
    take: 50,
  });
  const now = Date.now();
  return rows.map((r) => ({ ...r, stale: now - r.evaluatedAt.getTime() > STALE_MS }));
}

type AlertRow = Awaited<ReturnType<typeof alertingRules>>[number];

const ruleLabel = (rule: string) => {
  const signal = signalNameSchema.safeParse(rule);
  return signal.success ? SIGNALS[signal.data].label : rule;
};

// Firing rules are listed one by one (they are why someone is paged); rules without data are
// folded into one line per service, so a fleet without metrics cannot bury a firing rule.
export async function TriggerAlerts() {
  const rows = await alertingRules();
  if (rows.length === 0) return null;
  const firing = rows.filter((r) => r.state === "firing");
  const unknownByService = new Map<string, { service: AlertRow["service"]; rows: AlertRow[] }>();
  for (const r of rows.filter((x) => x.state !== "firing")) {
    const entry = unknownByService.get(r.service.id) ?? { service: r.service, rows: [] };
    entry.rows.push(r);
    unknownByService.set(r.service.id, entry);
  }
  return (
    <section
      aria-label="Trigger alerts"
      data-testid="trigger-alerts"
      className="space-y-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      {firing.length > 0 && (
        <ul role="alert" className="space-y-0.5">
          {firing.map((r) => {
            const signal = signalNameSchema.safeParse(r.rule);
            const meta = signal.success ? SIGNALS[signal.data] : null;
            return (
              <li key={r.id}>
                <Link href={`/services/${r.service.id}`} className="font-medium underline">
                  {r.service.name}
                </Link>{" "}
                · {meta?.label ?? r.rule}:{" "}
                <strong className="text-red-700 dark:text-red-300">firing at {formatValue(r.value, meta?.unit)}</strong>
                {r.stale && (
                  <span className="text-xs">
                    {" "}
                    (last evaluated {formatUtc(r.evaluatedAt, { date: false })}: is the watcher running?)
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {unknownByService.size > 0 && (
        <details open={unknownByService.size <= 2}>
          <summary className="cursor-pointer">
            No data for {unknownByService.size} service{unknownByService.size === 1 ? "" : "s"}: automatic rollback is
            paused for those rules
          </summary>
          <ul className="mt-1 space-y-0.5">
            {[...unknownByService.values()].map(({ service, rows: rs }) => (
              <li key={service.id}>
                <Link href={`/services/${service.id}`} className="font-medium underline">
                  {service.name}
                </Link>{" "}
                · unknown: {rs.map((r) => ruleLabel(r.rule)).join(", ")} ({rs[0].message ?? "no data"})
                {rs.some((r) => r.stale) && (
                  <span className="text-xs"> (not evaluated lately: is the watcher running?)</span>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
