// Public JSON of the status page: published customer notices only.
import { safeJsonStringify } from "@/lib/comms/payloads";
import { publicStatus } from "@/lib/comms/status";

export const dynamic = "force-dynamic";

export async function GET() {
  return new Response(safeJsonStringify(await publicStatus()), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "public, max-age=30",
      "access-control-allow-origin": "*",
      "x-content-type-options": "nosniff",
    },
  });
}
