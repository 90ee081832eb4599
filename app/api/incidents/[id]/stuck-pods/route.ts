import { requirePermission } from "@/lib/auth/session";
import { jsonError } from "@/lib/http/responses";
import { instrumented } from "@/lib/observability/metrics";
import { stuckStatefulSets } from "@/lib/rollback/stuck-pods";

export const dynamic = "force-dynamic";

/** The incident's StatefulSets stuck on a broken pod (what the commander may delete, once confirmed). */
export const GET = instrumented(
  "/api/incidents/[id]/stuck-pods",
  async (_req: Request, { params }: { params: Promise<{ id: string }> }) => {
    try {
      await requirePermission("rollback.start");
      return Response.json(await stuckStatefulSets((await params).id));
    } catch (e) {
      return jsonError(e);
    }
  },
);
