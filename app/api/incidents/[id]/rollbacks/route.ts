import { requirePermission } from "@/lib/auth/session";
import { jsonError } from "@/lib/http/responses";
import { instrumented } from "@/lib/observability/metrics";
import { incidentRollbacks } from "@/lib/rollback/queries";

export const dynamic = "force-dynamic";

export const GET = instrumented(
  "/api/incidents/[id]/rollbacks",
  async (_req: Request, { params }: { params: Promise<{ id: string }> }) => {
    try {
      const user = await requirePermission("incident.read");
      return Response.json(await incidentRollbacks((await params).id, user.role));
    } catch (e) {
      return jsonError(e);
    }
  },
);
