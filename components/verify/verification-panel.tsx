import type { SessionUser } from "@/lib/auth/session";

// Mount point on the incident page for issue 7 (verification); replaced by the feature's own panel.
export async function VerificationPanel(_props: { incidentId: string; user: SessionUser }) {
  return null;
}
