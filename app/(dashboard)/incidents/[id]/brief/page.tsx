import Link from "next/link";
import { notFound } from "next/navigation";
import { guardPage } from "@/lib/auth/guard-page";
import { formatUtc } from "@/lib/format/date";
import { incidentBrief } from "@/lib/incidents/brief";
import { Badge } from "@/components/ui/badge";
import { MarkdownView } from "@/components/comms/markdown-view";
import { BriefLiveRefresh } from "@/components/incidents/brief-live-refresh";

export const metadata = { title: "Stakeholder view" };

// The incident for people who follow it without running it: read-only, one column, made for a
// phone. Everything on it has been published or done (lib/incidents/brief.ts); nothing in
// progress, no notes, no step output. Every role that can read the incident sees the same page.
const card = "rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900";
const heading = "mb-2 text-base font-semibold";

export default async function IncidentBriefPage({ params }: { params: Promise<{ id: string }> }) {
  await guardPage("incident.read");
  const { id } = await params;
  const brief = await incidentBrief(id);
  if (!brief) notFound();
  return (
    <article className="mx-auto max-w-2xl space-y-4" data-testid="stakeholder-view">
      <BriefLiveRefresh incidentId={brief.id} after={brief.lastEventId} />
      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={brief.severity}>{brief.severity}</Badge>
          <span data-testid="brief-status">
            <Badge tone={brief.status}>{brief.status}</Badge>
          </span>
          {brief.service && <span className="text-sm text-zinc-600 dark:text-zinc-400">{brief.service}</span>}
        </div>
        <h1 className="text-2xl font-bold break-words">{brief.title}</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Stakeholder view · detected {formatUtc(brief.detectedAt, { seconds: false })}
          {brief.resolvedAt ? ` · resolved ${formatUtc(brief.resolvedAt, { seconds: false })}` : ""} ·{" "}
          <Link href={`/incidents/${brief.id}`} className="underline">
            full incident
          </Link>
        </p>
      </header>

      <section className={card} aria-labelledby="brief-impact">
        <h2 id="brief-impact" className={heading}>
          Impact
        </h2>
        <p className="text-sm break-words whitespace-pre-wrap">{brief.impact.trim() || "Not described yet."}</p>
      </section>

      <section className={card} aria-labelledby="brief-notice">
        <h2 id="brief-notice" className={heading}>
          Latest update
        </h2>
        {brief.notice ? (
          <div data-testid="brief-notice">
            <p className="text-xs text-zinc-500">
              {brief.notice.kind === "customer" ? "Customer" : "Internal"} notice, update {brief.notice.version},
              published {formatUtc(brief.notice.publishedAt, { seconds: false })}
            </p>
            <h3 className="mt-1 font-semibold break-words">{brief.notice.title}</h3>
            <MarkdownView html={brief.notice.html} className="mt-2" />
          </div>
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No update has been published yet.</p>
        )}
        <p className="mt-3 text-sm" data-testid="brief-next-update">
          {brief.nextUpdateDueAt
            ? `Next update due ${formatUtc(brief.nextUpdateDueAt, { seconds: false })} (every ${brief.updateCadenceMin} min).`
            : "Resolved: no further updates due."}
        </p>
      </section>

      <section className={card} aria-labelledby="brief-done">
        <h2 id="brief-done" className={heading}>
          What was done
        </h2>
        <dl className="space-y-1 text-sm">
          <div className="flex flex-wrap gap-x-2">
            <dt className="font-medium">Rollback:</dt>
            <dd data-testid="brief-rollback">{brief.rollback}</dd>
          </div>
          <div className="flex flex-wrap gap-x-2">
            <dt className="font-medium">Verification:</dt>
            <dd data-testid="brief-verification">{brief.verification}</dd>
          </div>
        </dl>
      </section>

      <section className={card} aria-labelledby="brief-timeline">
        <h2 id="brief-timeline" className={heading}>
          Timeline highlights
        </h2>
        {/* Newest first: on a phone the current state is what people open this for. */}
        <ol className="space-y-2 text-sm" data-testid="brief-highlights">
          {[...brief.highlights].reverse().map((h) => (
            <li key={h.id} className="flex flex-col sm:flex-row sm:gap-3">
              <time dateTime={h.at} className="shrink-0 font-mono text-xs text-zinc-500 sm:pt-0.5">
                {formatUtc(h.at, { date: "month-day" })}
              </time>
              <span className="break-words">{h.text}</span>
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
