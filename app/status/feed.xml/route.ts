// Public Atom feed of customer notices (see lib/comms/atom.ts for the escaping).
import { atomFeed } from "@/lib/comms/atom";
import { publicBaseUrl } from "@/lib/comms/context";
import { publicStatus } from "@/lib/comms/status";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const xml = atomFeed(await publicStatus(), publicBaseUrl() || new URL(req.url).origin);
  return new Response(xml, {
    headers: {
      "content-type": "application/atom+xml; charset=utf-8",
      "cache-control": "public, max-age=30",
      "x-content-type-options": "nosniff",
    },
  });
}
