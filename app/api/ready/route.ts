// Readiness probe, unauthenticated: 200 while the database answers within a short timeout, 503
// with a one-word reason otherwise (or while the replica drains after SIGTERM).
import { instrumented } from "@/lib/observability/metrics";
import { checkReadiness } from "@/lib/health/check-readiness";

export const dynamic = "force-dynamic";

export const GET = instrumented("/api/ready", async () => {
  const r = await checkReadiness();
  const headers = { "cache-control": "no-store" };
  if (r.ready) return Response.json({ status: "ready", latencyMs: r.latencyMs }, { headers });
  return Response.json({ status: "not ready", reason: r.reason }, { status: 503, headers });
});
