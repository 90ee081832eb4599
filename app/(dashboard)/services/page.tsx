import { db } from "@/lib/db";
import { guardPage } from "@/lib/auth/guard-page";
import Link from "next/link";
import { Suspense } from "react";
import { Card } from "@/components/ui/card";
import { OnboardingPanel } from "@/components/catalog/onboarding-panel";
import { PageLoading } from "@/components/ui/page-state";
import { can } from "@/lib/permissions";

export const metadata = { title: "Services" };

export default async function ServicesPage() {
  const user = await guardPage("incident.read");
  const services = await db.service.findMany({ orderBy: { name: "asc" } });
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">Services</h1>
        {can(user.role, "service.edit") && (
          <Link href="/admin/services" className="text-sm underline">
            Edit the catalog
          </Link>
        )}
      </header>
      {services.length === 0 && (
        <Suspense fallback={<PageLoading label="Looking for a kubeconfig and asking Prometheus…" />}>
          <OnboardingPanel user={user} />
        </Suspense>
      )}
      <div className="grid gap-4 md:grid-cols-2">
        {services.map((s) => (
          <Card
            key={s.id}
            title={
              <Link href={`/services/${s.id}`} className="hover:underline">
                {s.name}
              </Link>
            }
          >
            <dl className="grid grid-cols-2 gap-1 text-sm">
              <dt className="text-zinc-500">Cluster context</dt>
              <dd>{s.clusterContext}</dd>
              <dt className="text-zinc-500">Namespace</dt>
              <dd>{s.namespace}</dd>
              <dt className="text-zinc-500">Deployments</dt>
              <dd>{s.deployments.join(", ") || "—"}</dd>
              <dt className="text-zinc-500">Trigger policy</dt>
              <dd>{s.triggerPolicy}</dd>
            </dl>
          </Card>
        ))}
      </div>
    </div>
  );
}
