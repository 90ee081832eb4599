import { Suspense } from "react";
import { db } from "@/lib/db";
import { guardPage } from "@/lib/auth/guard-page";
import { can } from "@/lib/permissions";
import { annotatedServices } from "@/lib/services/discovery/annotated-services";
import { discoverAll } from "@/lib/services/discovery/discover-workloads";
import { listKubeContexts } from "@/lib/services/discovery/list-kube-contexts";
import { PageLoading } from "@/components/ui/page-state";
import { KubeconfigSummary } from "@/components/catalog/kubeconfig-summary";
import { DiscoveryView } from "@/components/catalog/discovery-view";

export const metadata = { title: "Discover services" };

export default async function DiscoverPage() {
  const user = await guardPage("service.discover");
  const kubeconfig = listKubeContexts();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Discover services from your clusters</h1>
      <KubeconfigSummary info={kubeconfig} />
      <Suspense fallback={<PageLoading label="Asking each cluster for its namespaces and workloads…" />}>
        <Discovered canEdit={can(user.role, "service.edit")} hasContexts={kubeconfig.contexts.length > 0} />
      </Suspense>
    </div>
  );
}

async function Discovered({ canEdit, hasContexts }: { canEdit: boolean; hasContexts: boolean }) {
  if (!hasContexts) return null;
  const [contexts, existing] = await Promise.all([
    discoverAll(),
    db.service.findMany({ select: { name: true, clusterContext: true, namespace: true, deployments: true } }),
  ]);
  return (
    <DiscoveryView contexts={contexts} annotated={annotatedServices(contexts)} existing={existing} canEdit={canEdit} />
  );
}
