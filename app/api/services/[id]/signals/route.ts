// Chart data for one service. The browser names a range and signals from fixed lists; the server
// builds the PromQL, so Prometheus is never exposed to the browser.
import { requirePermission } from "@/lib/auth/session";
import { jsonError } from "@/lib/http/responses";
import { instrumented } from "@/lib/observability/metrics";
import { signalsQuerySchema } from "@/lib/charts/ranges";
import { serviceSignals } from "@/lib/charts/series";

export const dynamic = "force-dynamic";

export const GET = instrumented(
  "/api/services/[id]/signals",
  async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
    try {
      await requirePermission("incident.read");
      const sp = new URL(req.url).searchParams;
      const q = signalsQuerySchema.safeParse({
        range: sp.get("range") ?? undefined,
        signals: sp.get("signals") ?? undefined,
        incident: sp.get("incident") ?? undefined,
      });
      if (!q.success) {
        return Response.json(
          { ok: false, code: "invalid", error: q.error.issues.map((i) => i.message).join("; ") },
          { status: 400 },
        );
      }
      const id = (await params).id;
      if (id.length > 64)
        return Response.json({ ok: false, code: "not_found", error: "That service does not exist." }, { status: 404 });
      const body = await serviceSignals(id, q.data.range, q.data.signals, { incidentId: q.data.incident });
      return Response.json(body, { headers: { "cache-control": "no-store" } });
    } catch (e) {
      return jsonError(e);
    }
  },
);
