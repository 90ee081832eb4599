import { publicStatus, HISTORY_DAYS, type PublicIncident, type PublicService } from "@/lib/comms/status";
import { formatUtc } from "@/lib/format/date";
import { MarkdownView } from "@/components/comms/markdown-view";

export const dynamic = "force-dynamic";
export const metadata = {
  title: "Status",
  alternates: { types: { "application/atom+xml": "/status/feed.xml", "application/json": "/api/status" } },
};

// Public: built only from published customer notices (lib/comms/status.ts). No sign-in, nothing internal.
const STATE: Record<PublicService["state"], { label: string; cls: string }> = {
  operational: { label: "Operational", cls: "bg-green-100 text-green-900 dark:bg-green-900/40 dark:text-green-200" },
  degraded_performance: {
    label: "Degraded performance",
    cls: "bg-yellow-100 text-yellow-900 dark:bg-yellow-900/40 dark:text-yellow-200",
  },
  partial_outage: {
    label: "Partial outage",
    cls: "bg-orange-100 text-orange-900 dark:bg-orange-900/40 dark:text-orange-200",
  },
  major_outage: { label: "Major outage", cls: "bg-red-100 text-red-900 dark:bg-red-900/40 dark:text-red-200" },
};
const STATUS_LABEL: Record<string, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
};
const utc = (iso: string) => formatUtc(iso, { seconds: false });

function Incident({ incident, open }: { incident: PublicIncident; open: boolean }) {
  const [latest, ...earlier] = incident.updates;
  return (
    <article
      id={`incident-${incident.id}`}
      className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      data-testid="status-incident"
    >
      <header className="flex flex-wrap items-center gap-2">
        <span className={`rounded px-2 py-0.5 text-xs font-semibold ${STATE[incident.impact].cls}`}>
          {STATUS_LABEL[incident.status] ?? incident.status}
        </span>
        <h3 className="font-semibold break-words">{latest.title}</h3>
      </header>
      <p className="mt-1 text-xs text-zinc-500">
        {incident.service ? `${incident.service} · ` : ""}Started {utc(incident.startedAt)}
        {incident.resolvedAt ? ` · Resolved ${utc(incident.resolvedAt)}` : ""} · Updated {utc(latest.publishedAt)}
      </p>
      {open && <MarkdownView html={latest.html} className="mt-3" />}
      {(open ? earlier : incident.updates).length > 0 && (
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">
            {open ? `Earlier updates (${earlier.length})` : `Updates (${incident.updates.length})`}
          </summary>
          <ol className="mt-2 space-y-3 border-l-2 border-zinc-200 pl-3 dark:border-zinc-800">
            {(open ? earlier : incident.updates).map((u) => (
              <li key={u.version}>
                <p className="text-xs text-zinc-500">{utc(u.publishedAt)}</p>
                <p className="font-medium break-words">{u.title}</p>
                <MarkdownView html={u.html} />
              </li>
            ))}
          </ol>
        </details>
      )}
    </article>
  );
}

export default async function StatusPage() {
  const status = await publicStatus();
  const overall = STATE[status.overall];
  return (
    <main className="mx-auto max-w-3xl space-y-8 p-6">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">System status</h1>
        <nav aria-label="Subscribe" className="flex gap-3 text-sm">
          <a href="/status/feed.xml" className="underline">
            Atom feed
          </a>
          <a href="/api/status" className="underline">
            JSON
          </a>
        </nav>
      </header>
      <p role="status" className={`rounded-md p-4 font-medium ${overall.cls}`} data-testid="status-overall">
        {status.current.length === 0
          ? "All systems operational."
          : `${overall.label}: ${status.current.length} ongoing incident${status.current.length > 1 ? "s" : ""}.`}
      </p>
      {status.current.length > 0 && (
        <section aria-labelledby="current" className="space-y-3">
          <h2 id="current" className="text-lg font-semibold">
            Current incidents
          </h2>
          {status.current.map((i) => (
            <Incident key={i.id} incident={i} open />
          ))}
        </section>
      )}
      {status.services.length > 0 && (
        <section aria-labelledby="services">
          <h2 id="services" className="mb-2 text-lg font-semibold">
            Services
          </h2>
          <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
            {status.services.map((s) => (
              <li key={s.name} className="flex items-center justify-between px-4 py-2 text-sm">
                <span>{s.name}</span>
                <span className={`rounded px-2 py-0.5 text-xs font-semibold ${STATE[s.state].cls}`}>
                  {STATE[s.state].label}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="history" className="space-y-3">
        <h2 id="history" className="text-lg font-semibold">
          Past incidents (last {HISTORY_DAYS} days)
        </h2>
        {status.history.length === 0 ? (
          <p className="text-sm text-zinc-500">No incidents reported.</p>
        ) : (
          status.history.map((i) => <Incident key={i.id} incident={i} open={false} />)
        )}
      </section>
      <footer className="text-xs text-zinc-500">Page generated {utc(status.updatedAt)}. Times are UTC.</footer>
    </main>
  );
}
