import { db } from "@/lib/db";

export const dynamic = "force-dynamic";
export const metadata = { title: "Status" };

// Public: shows only published customer notices, never internal notices or timeline entries.
export default async function StatusPage() {
  const published = await db.noticeVersion.findMany({
    where: { notice: { kind: "customer", incident: { status: { not: "resolved" } } } },
    orderBy: { publishedAt: "desc" },
    take: 20,
    select: { id: true, title: true, body: true, publishedAt: true, notice: { select: { incidentId: true } } },
  });
  const latestPerIncident = [...new Map(published.map((v) => [v.notice.incidentId, v])).values()];
  return (
    <main className="mx-auto max-w-3xl space-y-6 p-6">
      <h1 className="text-2xl font-bold">System status</h1>
      {latestPerIncident.length === 0 ? (
        <p className="rounded-md bg-green-100 p-4 text-green-900 dark:bg-green-900/30 dark:text-green-200">All systems operational.</p>
      ) : (
        latestPerIncident.map((v) => (
          <article key={v.id} className="rounded-md border border-zinc-200 p-4 dark:border-zinc-800">
            <h2 className="font-semibold">{v.title}</h2>
            <p className="text-xs text-zinc-500">Updated {v.publishedAt.toISOString().replace("T", " ").slice(0, 16)} UTC</p>
            <p className="mt-2 whitespace-pre-wrap text-sm">{v.body}</p>
          </article>
        ))
      )}
    </main>
  );
}
