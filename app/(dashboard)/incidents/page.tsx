import Link from "next/link";
import { listIncidents } from "@/lib/incidents/queries";
import { guardPage } from "@/lib/auth/guard-page";
import { can } from "@/lib/permissions";
import { formatUtc } from "@/lib/format/date";
import { IncidentFilters } from "@/components/incidents/incident-filters";
import { Badge } from "@/components/ui/badge";

export const metadata = { title: "Incidents" };

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const user = await guardPage("incident.read");
  const { filter, incidents } = await listIncidents(await searchParams);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-2xl font-bold">Incidents</h1>
        {can(user.role, "incident.declare") && (
          <Link
            href="/incidents/new"
            className="rounded-md bg-red-600 px-3 py-2 text-sm font-medium text-white hover:bg-red-500"
          >
            Declare incident
          </Link>
        )}
      </div>
      <IncidentFilters status={filter.status} severity={filter.severity} />
      {incidents.length === 0 ? (
        <p className="text-zinc-500">No incidents match.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Incidents, newest first</caption>
          <thead className="text-zinc-500">
            <tr>
              <th className="py-2">Severity</th>
              <th>Title</th>
              <th>Service</th>
              <th>Status</th>
              <th>Declared (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {incidents.map((i) => (
              <tr key={i.id} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-2">
                  <Badge tone={i.severity}>{i.severity}</Badge>
                </td>
                <td>
                  <Link href={`/incidents/${i.id}`} className="font-medium hover:underline">
                    {i.title}
                  </Link>
                </td>
                <td>{i.service?.name ?? "—"}</td>
                <td>
                  <Badge tone={i.status}>{i.status}</Badge>
                </td>
                <td>
                  <time dateTime={i.declaredAt.toISOString()}>
                    {formatUtc(i.declaredAt, { seconds: false, zone: false })}
                  </time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
