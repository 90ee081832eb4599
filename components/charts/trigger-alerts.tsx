import Link from "next/link";
import { db } from "@/lib/db";
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

export async function TriggerAlerts() {
  const rows = await alertingRules();
  if (rows.length === 0) return null;
  return (
    <section
      role="alert"
      aria-label="Trigger alerts"
      data-testid="trigger-alerts"
      className="space-y-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <h2 className="font-semibold">Trigger rules need attention</h2>
      <ul className="space-y-0.5">
        {rows.map((r) => {
          const signal = signalNameSchema.safeParse(r.rule);
          const meta = signal.success ? SIGNALS[signal.data] : null;
          return (
            <li key={r.id}>
              <Link href={`/services/${r.service.id}`} className="font-medium underline">
                {r.service.name}
              </Link>{" "}
              · {meta?.label ?? r.rule}:{" "}
              {r.state === "firing" ? (
                <strong className="text-red-700 dark:text-red-300">firing at {formatValue(r.value, meta?.unit)}</strong>
              ) : (
                <>
                  <strong>unknown</strong> ({r.message ?? "no data"}) — automatic rollback is paused for this rule
                </>
              )}
              {r.stale && <span className="text-xs"> (last evaluated {r.evaluatedAt.toISOString().slice(11, 19)} UTC: is the watcher running?)</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
