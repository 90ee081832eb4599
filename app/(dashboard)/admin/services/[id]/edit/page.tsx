import Link from "next/link";
import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import { guardPage } from "@/lib/auth/guard-page";
import { formatUtc } from "@/lib/format/date";
import { readServiceSettings } from "@/lib/services/catalog/read-service-settings";
import { listKubeContexts } from "@/lib/services/discovery/list-kube-contexts";
import { PageMessage, WaysOut } from "@/components/ui/page-state";
import { ManagedByBadge } from "@/components/catalog/managed-by-badge";
import { ServiceEditor } from "@/components/catalog/service-editor";

export const metadata = { title: "Edit service" };

export default async function EditServicePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ created?: string }>;
}) {
  await guardPage("service.edit");
  const [{ id }, { created }] = await Promise.all([params, searchParams]);
  const view = await readServiceSettings(db, id);
  if (!view) notFound();
  if (!view.settings)
    return (
      <PageMessage title={`The stored settings of ${view.name} are invalid`} tone="error">
        <ul className="list-disc pl-5 text-sm" role="alert">
          {view.problems.map((p) => (
            <li key={p.field}>
              <span className="font-mono">{p.field}</span>: {p.message}
            </li>
          ))}
        </ul>
        <p className="text-sm">Import corrected settings for it (catalog YAML) from the catalog page.</p>
        <WaysOut ways={[{ href: "/admin/services", label: "Service catalog" }]} />
      </PageMessage>
    );
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">{view.name}</h1>
        <ManagedByBadge managedBy={view.managedBy} />
        <Link href={`/services/${view.id}`} className="text-sm underline">
          Service page
        </Link>
        <Link href={`/admin/services/audit?service=${encodeURIComponent(view.name)}`} className="text-sm underline">
          Its audit log
        </Link>
      </header>
      {created && (
        <p role="status" className="text-sm text-green-700 dark:text-green-400">
          Created {view.name} (revision {view.revision}).
        </p>
      )}
      <ServiceEditor
        key={view.id}
        initial={view.settings}
        service={{
          id: view.id,
          revision: view.revision,
          readOnly: view.readOnly,
          updatedBy: view.updatedBy?.name ?? null,
          updatedAt: formatUtc(view.updatedAt),
        }}
        contexts={listKubeContexts().contexts.map((c) => c.name)}
      />
    </div>
  );
}
