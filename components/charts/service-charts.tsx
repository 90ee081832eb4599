"use client";
// Live charts of one service's four signals, refreshed every few seconds through the server route
// (the browser names a range, never a query). Stale or missing data is always said out loud.
import { useId, useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { DEFAULT_RANGE, INCIDENT_RANGE, type RangeKey, type SignalsResponse } from "@/lib/charts/ranges";
import { RangePicker } from "@/components/charts/range-picker";
import { SignalChart, clock } from "@/components/charts/signal-chart";
import { SessionExpiredNotice, useSessionExpiry } from "@/components/auth/session-expiry";
import { fetchJson, isSessionExpired } from "@/lib/http/fetch-json";

function fetchSignals(
  serviceId: string,
  range: RangeKey,
  incidentId: string | undefined,
  signal: AbortSignal,
): Promise<SignalsResponse> {
  const qs = new URLSearchParams({ range });
  if (range === INCIDENT_RANGE && incidentId) qs.set("incident", incidentId);
  return fetchJson<SignalsResponse>(`/api/services/${encodeURIComponent(serviceId)}/signals?${qs}`, {
    cache: "no-store",
    signal,
  });
}

/** "Incident: from 2 min before impact started (10:02:05) to now", in words. */
function incidentRangeNote(data: SignalsResponse): string | null {
  if (!data.incident) return null;
  const { from, fromLabel, to } = data.incident;
  const before = Math.max(0, Math.round((from - data.start) / 60_000));
  const head = before ? `from ${before} min before ${fromLabel}` : `from ${fromLabel}`;
  return `${head} (${clock(from, true)} UTC) to ${to === null ? "now" : `after resolved (${clock(to, true)} UTC)`}`;
}

function Spinner() {
  return (
    <span
      aria-hidden="true"
      className="inline-block h-3 w-3 animate-spin rounded-full border-2 border-current border-t-transparent"
    />
  );
}

export function ServiceCharts({
  serviceId,
  incidentId,
  refreshMs = 5_000,
}: {
  serviceId: string;
  /** On an incident's page: the charts default to the incident's own span. */
  incidentId?: string;
  refreshMs?: number;
}) {
  const [range, setRange] = useState<RangeKey>(incidentId ? INCIDENT_RANGE : DEFAULT_RANGE);
  const name = useId();
  const { expired } = useSessionExpiry();
  const q = useQuery({
    queryKey: ["signals", serviceId, range, incidentId],
    queryFn: ({ signal }) => fetchSignals(serviceId, range, incidentId, signal),
    refetchInterval: expired ? false : refreshMs,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const data = q.data;
  const switching = q.isPlaceholderData && q.isFetching;
  const note = data && !switching ? incidentRangeNote(data) : null;
  return (
    <div
      className="space-y-3"
      data-testid="service-charts"
      aria-busy={q.isLoading || switching}
      data-range-start={data?.start}
      data-range-end={data?.end}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <RangePicker value={range} onChange={setRange} name={name} withIncident={!!incidentId} />
        <p className="flex items-center gap-2 text-xs text-zinc-500" aria-live="polite">
          {q.isLoading || switching ? (
            <>
              <Spinner /> Loading {range === INCIDENT_RANGE ? "the incident" : range}…
            </>
          ) : data ? (
            <>
              Updated {clock(q.dataUpdatedAt, true)} UTC · every {Math.round(refreshMs / 1000)} s
            </>
          ) : null}
        </p>
      </div>
      {note && (
        <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="incident-range">
          Incident range: {note}
        </p>
      )}
      {q.isError && isSessionExpired(q.error) && (
        <SessionExpiredNotice what="The charts stopped updating." testId="charts-session-expired" />
      )}
      {q.isError && !isSessionExpired(q.error) && (
        <p
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {q.error.message}
          {data && <> Charts below are from {clock(q.dataUpdatedAt, true)} UTC and are not updating.</>}
        </p>
      )}
      {data && data.prometheus !== "ok" && (
        <p
          role="alert"
          data-testid="prometheus-unreachable"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        >
          {data.prometheusError?.replace(/\.$/, "")}. No data is shown as a gap, not as a healthy line; rules are
          unknown and never trigger a rollback while this lasts.
        </p>
      )}
      {!data && q.isLoading && (
        <div className="flex h-44 items-center justify-center gap-2 text-sm text-zinc-500" role="status">
          <Spinner /> Loading charts…
        </div>
      )}
      {data && (
        <div className={`grid gap-3 md:grid-cols-2 ${switching ? "opacity-60" : ""}`}>
          {data.signals.map((s) => (
            <SignalChart
              key={s.name}
              s={s}
              start={data.start}
              end={data.end}
              markers={data.markers}
              stepSec={data.stepSec}
              unavailable={data.prometheus === "ok" ? null : data.prometheusError}
            />
          ))}
        </div>
      )}
      {data && data.markers.length > 0 && (
        <ul
          className="flex flex-wrap gap-3 text-xs text-zinc-600 dark:text-zinc-400"
          aria-label="Markers on the charts"
          data-testid="chart-markers"
        >
          {data.markers.map((m, i) => (
            <li key={`${m.t}-${i}`}>
              {m.label} at {clock(m.t, true)} UTC
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
