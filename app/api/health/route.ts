// Liveness probe, unauthenticated: the process is up and serving. It touches no database (a
// database outage must not make Kubernetes restart every replica); readiness is /api/ready.
import { instrumented } from "@/lib/observability/metrics";

export const dynamic = "force-dynamic";

export const GET = instrumented("/api/health", async () =>
  Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } }),
);
