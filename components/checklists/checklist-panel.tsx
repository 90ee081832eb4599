import type { SessionUser } from "@/lib/auth/session";

// Mount point on the incident page for issue 7 (checklists); replaced by the feature's own panel.
export async function ChecklistPanel(_props: { incidentId: string; user: SessionUser }) {
  return null;
}
