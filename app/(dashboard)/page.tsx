import { redirect } from "next/navigation";
import { Suspense } from "react";
import { db } from "@/lib/db";
import { guardPage } from "@/lib/auth/guard-page";
import { OnboardingPanel } from "@/components/catalog/onboarding-panel";
import { PageLoading } from "@/components/ui/page-state";

// Incidents are home; with no services yet, the way to a first one is.
export default async function Home() {
  const user = await guardPage("incident.read");
  if ((await db.service.count()) > 0) redirect("/incidents");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Rollback Command Center</h1>
      <Suspense fallback={<PageLoading label="Looking for a kubeconfig and asking Prometheus…" />}>
        <OnboardingPanel user={user} />
      </Suspense>
    </div>
  );
}
