import Link from "next/link";
import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { can } from "@/lib/permissions";
import { latestRunEvents } from "@/lib/verify/queries";
import { Card } from "@/components/ui/card";
import { VerificationLive } from "@/components/verify/verification-live";

export async function VerificationPanel({ incidentId, user }: { incidentId: string; user: SessionUser }) {
  const incident = await db.incident.findUnique({
    where: { id: incidentId },
    select: { service: { select: { id: true, name: true } } },
  });
  const service = incident?.service;
  const { events, lastEventId } = await latestRunEvents(incidentId);
  return (
    <Card
      title="Verification"
      actions={
        service && (
          <Link
            href={`/services/${service.id}/smoke-tests`}
            className="text-sm text-blue-700 underline dark:text-blue-300"
          >
            Smoke tests of {service.name}
          </Link>
        )
      }
    >
      {service ? (
        <VerificationLive
          incidentId={incidentId}
          initial={events}
          after={lastEventId}
          canRun={can(user.role, "verification.run")}
        />
      ) : (
        <p className="text-sm text-zinc-500">This incident has no service, so there is nothing to verify.</p>
      )}
    </Card>
  );
}
