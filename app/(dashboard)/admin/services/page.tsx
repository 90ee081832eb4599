import Link from "next/link";
import { db } from "@/lib/db";
import { guardPage } from "@/lib/auth/guard-page";
import { formatUtc } from "@/lib/format/date";
import { can } from "@/lib/permissions";
import { catalogFileStatus } from "@/lib/services/catalog/watch-catalog-file";
import { Card } from "@/components/ui/card";
import { ManagedByBadge } from "@/components/catalog/managed-by-badge";
import { ImportCatalogForm } from "@/components/catalog/import-catalog-form";

export const metadata = { title: "Service catalog" };

const link = "text-sm underline";

export default async function CatalogPage() {
  const user = await guardPage("service.edit");
  const services = await db.service.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      clusterContext: true,
      namespace: true,
      deployments: true,
      managedBy: true,
      revision: true,
      updatedByName: true,
      updatedAt: true,
    },
  });
  const file = catalogFileStatus();
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">Service catalog</h1>
        <nav aria-label="Catalog" className="flex flex-wrap gap-4">
          <Link href="/admin/services/new" className={link}>
            New service
          </Link>
          {can(user.role, "service.discover") && (
            <Link href="/admin/services/discover" className={link}>
              Discover from clusters
            </Link>
          )}
          <Link href="/admin/services/audit" className={link}>
            Audit log
          </Link>
          <a href="/api/catalog/export" className={link} download>
            Export catalog (YAML)
          </a>
        </nav>
      </header>
      {file.path && (
        <p
          data-testid="catalog-file-status"
          className={`text-sm ${file.ok === false ? "text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}
        >
          Catalog file <span className="font-mono">{file.path}</span>
          {file.checkedAt ? `, last read ${formatUtc(file.checkedAt)}` : ", not read yet"}
          {file.ok === false
            ? `: refused (${file.errors.map((e) => `line ${e.line} ${e.service ?? ""} ${e.field}: ${e.message}`).join("; ")}); the last good catalog stays in force.`
            : file.ok
              ? ": loaded."
              : "."}
        </p>
      )}
      {services.length === 0 ? (
        <p className="text-zinc-500">
          No services yet.{" "}
          <Link href="/admin/services/discover" className="underline">
            Discover them from a cluster
          </Link>{" "}
          or create one.
        </p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="text-zinc-500">
            <tr>
              <th className="py-2">Service</th>
              <th>Where</th>
              <th>Deployments</th>
              <th>Managed by</th>
              <th>Last change</th>
            </tr>
          </thead>
          <tbody>
            {services.map((s) => (
              <tr key={s.id} className="border-t border-zinc-200 dark:border-zinc-800" data-testid="catalog-row">
                <td className="py-2">
                  <Link href={`/admin/services/${s.id}/edit`} className="font-medium underline">
                    {s.name}
                  </Link>
                </td>
                <td className="font-mono text-xs">
                  {s.clusterContext}/{s.namespace}
                </td>
                <td>{s.deployments.join(", ") || "—"}</td>
                <td>
                  <ManagedByBadge managedBy={s.managedBy} />
                </td>
                <td className="text-xs text-zinc-500">
                  r{s.revision} · {s.updatedByName ?? "—"} · {formatUtc(s.updatedAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Card title="Import catalog YAML">
        <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">
          The same format as the export and the RCC_CATALOG file. Imported services are edited here afterwards; all or
          nothing is saved.
        </p>
        <ImportCatalogForm />
      </Card>
    </div>
  );
}
