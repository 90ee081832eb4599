import { requirePermission } from "@/lib/auth/session";
import { jsonError } from "@/lib/http/responses";
import { instrumented } from "@/lib/observability/metrics";
import { serviceLiveState } from "@/lib/services/live-state";

export const dynamic = "force-dynamic";

export const GET = instrumented(
  "/api/services/[id]/state",
  async (_req: Request, { params }: { params: Promise<{ id: string }> }) => {
    try {
      await requirePermission("incident.read");
      return Response.json(await serviceLiveState((await params).id));
    } catch (e) {
      return jsonError(e);
    }
  },
);
