import type { SessionUser } from "@/lib/auth/session";

// Mount point on the incident page for issue 4 (rollback); replaced by the feature's own panel.
export async function IncidentRollbackPanel(_props: { incidentId: string; user: SessionUser }) {
  return null;
}
