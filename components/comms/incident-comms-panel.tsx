import type { SessionUser } from "@/lib/auth/session";

// Mount point on the incident page for issue 6 (communications); replaced by the feature's own panel.
export async function IncidentCommsPanel(_props: { incidentId: string; user: SessionUser }) {
  return null;
}
