import { db } from "@/lib/db";
import { instrumented } from "@/lib/observability/metrics";

export const dynamic = "force-dynamic";

export const GET = instrumented("/api/health", async () => {
  const started = Date.now();
  try {
    await db.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok", database: "reachable", latencyMs: Date.now() - started });
  } catch {
    return Response.json({ status: "error", database: "unreachable" }, { status: 503 });
  }
});
