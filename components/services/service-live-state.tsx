"use client";
// A service's Deployments as the cluster reports them now: images, replica counts, conditions and
// the revision history, refreshed every few seconds.
import { useQuery } from "@tanstack/react-query";
import type { ServiceLiveState } from "@/lib/services/live-state";
import { formatUtc } from "@/lib/format/date";
import { fetchJson, isSessionExpired } from "@/lib/http/fetch-json";
import { SessionExpiredNotice, useSessionExpiry } from "@/components/auth/session-expiry";

const cell = "py-1 pr-3";

export function ServiceLiveStateView({ serviceId, initial }: { serviceId: string; initial: ServiceLiveState }) {
  const { expired } = useSessionExpiry();
  const { data, error, isFetching } = useQuery({
    queryKey: ["service-state", serviceId],
    queryFn: ({ signal }) =>
      fetchJson<ServiceLiveState>(`/api/services/${encodeURIComponent(serviceId)}/state`, { signal }),
    initialData: initial,
    refetchInterval: expired ? false : 3000,
  });
  return (
    <div className="space-y-4">
      <p className="text-xs text-zinc-500" aria-live="polite">
        Read from the cluster at {formatUtc(data.readAt, { date: false })}
        {isFetching ? " · refreshing…" : ""}
        {error && !isSessionExpired(error) ? ` · last refresh failed: ${error.message}` : ""}
      </p>
      {isSessionExpired(error) && <SessionExpiredNotice what="The cluster state below stopped updating." />}
      {data.deployments.map((d) => (
        <section
          key={d.name}
          className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
          data-testid={`deployment-${d.name}`}
        >
          <h3 className="font-semibold">Deployment {d.name}</h3>
          {d.error && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-300">
              {d.error}
            </p>
          )}
          {d.state && (
            <>
              <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
                <dt className="text-zinc-500">Images</dt>
                <dd className="col-span-1 font-mono text-xs sm:col-span-3" data-testid="current-images">
                  {d.state.images.map((i) => `${i.container}=${i.image}`).join(", ")}
                </dd>
                <dt className="text-zinc-500">Replicas</dt>
                <dd className="sm:col-span-3">
                  {d.state.desired} desired · {d.state.updated} updated · {d.state.ready} ready · {d.state.available}{" "}
                  available
                </dd>
                <dt className="text-zinc-500">Revision</dt>
                <dd className="sm:col-span-3">
                  {d.state.revision ?? "—"}
                  {d.state.paused ? " (paused)" : ""}
                </dd>
              </dl>
              <ul className="flex flex-wrap gap-2 text-xs">
                {d.state.conditions.map((c) => (
                  <li
                    key={c.type}
                    className={`rounded px-2 py-0.5 ${c.status === "True" ? "bg-green-100 dark:bg-green-900/40" : "bg-red-100 dark:bg-red-900/40"}`}
                    title={c.message}
                  >
                    {c.type}: {c.status}
                    {c.reason ? ` (${c.reason})` : ""}
                  </li>
                ))}
              </ul>
            </>
          )}
          {d.history.length > 0 && (
            <table className="w-full text-left text-xs">
              <caption className="text-left text-sm font-medium">Revision history</caption>
              <thead className="text-zinc-500">
                <tr>
                  <th className={cell}>Revision</th>
                  <th className={cell}>Images</th>
                  <th className={cell}>Change cause</th>
                  <th className={cell}>Created (UTC)</th>
                </tr>
              </thead>
              <tbody>
                {d.history.map((h) => (
                  <tr key={h.revision} className="border-t border-zinc-200 dark:border-zinc-800">
                    <td className={cell}>
                      {h.revision}
                      {h.current ? " (current)" : ""}
                    </td>
                    <td className={`${cell} font-mono`}>{h.images.map((i) => i.image).join(", ")}</td>
                    <td className={cell}>{h.changeCause ?? "—"}</td>
                    <td className={cell}>{h.createdAt ? formatUtc(h.createdAt, { zone: false }) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </div>
  );
}
