import type { SessionUser } from "@/lib/auth/session";

// Mount point on the incident page for issue 5 (live charts); replaced by the feature's own panel.
export async function IncidentCharts(_props: { incidentId: string; user: SessionUser }) {
  return null;
}
