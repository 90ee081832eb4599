import Link from "next/link";
import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import { guardPage } from "@/lib/auth/guard-page";
import { can } from "@/lib/permissions";
import { formatAssertionLines, formatHeaderLines, storedAssertions, storedHeaders } from "@/lib/verify/smoke-schema";
import { Card } from "@/components/ui/card";
import { SmokeTestForm } from "@/components/verify/smoke-test-form";
import { SmokeTestList } from "@/components/verify/smoke-test-list";

export const metadata = { title: "Smoke tests" };

export default async function SmokeTestsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ edit?: string }>;
}) {
  const user = await guardPage("incident.read");
  const { id } = await params;
  const { edit } = await searchParams;
  const service = await db.service.findUnique({
    where: { id },
    include: { smokeTests: { orderBy: [{ position: "asc" }, { name: "asc" }] } },
  });
  if (!service) notFound();
  const canEdit = can(user.role, "smoke.edit");
  const editing = canEdit ? service.smokeTests.find((t) => t.id === edit) : undefined;
  return (
    <div className="max-w-3xl space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-zinc-500">
        <Link href="/services" className="underline">
          Services
        </Link>{" "}
        / {service.name}
      </nav>
      <h1 className="text-2xl font-bold">Smoke tests of {service.name}</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Every verification runs these requests after the pod, version, health and error-rate checks. A test passes when
        the status matches and every assertion holds on the JSON body.
      </p>
      <SmokeTestList
        serviceId={service.id}
        canEdit={canEdit}
        tests={service.smokeTests.map((t) => ({
          id: t.id,
          name: t.name,
          method: t.method,
          url: t.url,
          expectedStatus: t.expectedStatus,
          assertions: formatAssertionLines(storedAssertions(t.assertions)),
          timeoutMs: t.timeoutMs,
        }))}
      />
      {canEdit && (
        <Card title={editing ? `Edit “${editing.name}”` : "Add a smoke test"}>
          <SmokeTestForm
            key={editing?.id ?? "new"}
            serviceId={service.id}
            initial={
              editing && {
                id: editing.id,
                name: editing.name,
                method: editing.method,
                url: editing.url,
                headers: formatHeaderLines(storedHeaders(editing.headers)),
                body: editing.body ?? "",
                expectedStatus: editing.expectedStatus,
                assertions: formatAssertionLines(storedAssertions(editing.assertions)),
                timeoutMs: editing.timeoutMs,
              }
            }
          />
        </Card>
      )}
    </div>
  );
}
