// The incident's active GitOps holds: what is held, since when and by whom, with Release, and the
// decision a commander takes when resolving while a hold is still on (the status action refuses
// "resolved" then, unless told to keep the holds).
import type { SessionUser } from "@/lib/auth/session";
import { formatUtc } from "@/lib/format/date";
import { activeHolds } from "@/lib/gitops/holds";
import { can } from "@/lib/permissions";
import { Card } from "@/components/ui/card";
import { ReleaseHoldButton, ResolveKeepingHolds } from "./hold-controls";

export async function ActiveHolds({ incidentId, user }: { incidentId: string; user: SessionUser }) {
  const holds = await activeHolds(incidentId);
  if (holds.length === 0) return null;
  const commander = can(user.role, "gitops.hold");
  return (
    <Card>
      <section aria-labelledby="gitops-holds" className="space-y-3">
        <h2 id="gitops-holds" className="text-base font-semibold">
          GitOps holds ({holds.length} active)
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          While held, the reconciler does not undo the rollback. Release restores exactly the recorded setting.
        </p>
        <ul className="space-y-2">
          {holds.map((h) => (
            <li
              key={h.id}
              className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-amber-300 p-2 text-sm dark:border-amber-800"
            >
              <span>
                <strong>
                  {h.kind} {h.namespace}/{h.name}
                </strong>{" "}
                ({h.serviceName}) held by {h.heldBy} at {formatUtc(h.heldAt)}; was {h.setting}
              </span>
              {commander && <ReleaseHoldButton holdId={h.id} label={`Release ${h.kind} ${h.namespace}/${h.name}`} />}
            </li>
          ))}
        </ul>
        {can(user.role, "incident.update") && <ResolveKeepingHolds incidentId={incidentId} count={holds.length} />}
      </section>
    </Card>
  );
}
