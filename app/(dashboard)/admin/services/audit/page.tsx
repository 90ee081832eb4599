import Link from "next/link";
import { db } from "@/lib/db";
import { guardPage } from "@/lib/auth/guard-page";
import { formatUtc } from "@/lib/format/date";
import { listServiceAudit } from "@/lib/services/catalog/list-service-audit";
import { Badge } from "@/components/ui/badge";

export const metadata = { title: "Catalog audit log" };

const PAGE = 50;
const show = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));
const ACTION_TONE = { create: "resolved", update: "monitoring", delete: "investigating" } as const;

export default async function CatalogAuditPage({
  searchParams,
}: {
  searchParams: Promise<{ service?: string; before?: string }>;
}) {
  await guardPage("service.edit");
  const q = await searchParams;
  const entries = await listServiceAudit(db, { serviceName: q.service || undefined, beforeId: q.before, limit: PAGE });
  const older = entries.length === PAGE ? entries.at(-1)!.id : null;
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">Catalog audit log{q.service ? `: ${q.service}` : ""}</h1>
        <nav aria-label="Audit" className="flex gap-4 text-sm">
          {q.service && (
            <Link href="/admin/services/audit" className="underline">
              All services
            </Link>
          )}
          <Link href="/admin/services" className="underline">
            Service catalog
          </Link>
        </nav>
      </header>
      {entries.length === 0 ? (
        <p className="text-zinc-500">No changes recorded{q.before ? " before these" : ""}.</p>
      ) : (
        <ol className="space-y-3">
          {entries.map((e) => (
            <li
              key={e.id}
              data-testid="audit-entry"
              className="rounded-lg border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900"
            >
              <p className="flex flex-wrap items-center gap-2">
                <time dateTime={e.at} className="text-zinc-500">
                  {formatUtc(e.at)}
                </time>
                <span className="font-medium">{e.actor.name}</span>
                <Badge tone={ACTION_TONE[e.action]}>{e.action}</Badge>
                <Link href={`/admin/services/audit?service=${encodeURIComponent(e.serviceName)}`} className="underline">
                  {e.serviceName}
                </Link>
                <span className="text-zinc-500">via {e.source}</span>
              </p>
              {e.changes.length > 0 && (
                <table className="mt-2 w-full table-fixed text-left text-xs">
                  <thead className="text-zinc-500">
                    <tr>
                      <th className="w-1/4 py-0.5">Field</th>
                      <th>Before</th>
                      <th>After</th>
                    </tr>
                  </thead>
                  <tbody>
                    {e.changes.map((c) => (
                      <tr key={c.field} className="border-t border-zinc-100 align-top dark:border-zinc-800">
                        <td className="py-0.5 pr-2 font-mono break-words">{c.field.replace(/^settings\./, "")}</td>
                        <td className="pr-2 font-mono break-words text-red-700 dark:text-red-400">
                          <del className="no-underline">{show(c.before)}</del>
                        </td>
                        <td className="font-mono break-words text-green-700 dark:text-green-400">
                          <ins className="no-underline">{show(c.after)}</ins>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </li>
          ))}
        </ol>
      )}
      {older && (
        <Link
          href={`/admin/services/audit?${new URLSearchParams({ ...(q.service ? { service: q.service } : {}), before: older })}`}
          className="text-sm underline"
        >
          Older changes
        </Link>
      )}
    </div>
  );
}
