// Live preview for the notice editor: the same fill → markdown → sanitize path as publishing.
import { z } from "zod";
import { requirePermission } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { jsonError } from "@/lib/http/responses";
import { previewNotice } from "@/lib/comms/notices";
import { NOTICE_KIND } from "@/lib/comms/schemas";

export const dynamic = "force-dynamic";

const previewSchema = z.object({
  incidentId: z.string().min(1).max(64),
  kind: NOTICE_KIND,
  title: z.string().max(300),
  body: z.string().max(20_000),
});

export async function POST(req: Request) {
  try {
    await requirePermission("notice.edit");
    const parsed = previewSchema.safeParse(await req.json().catch(() => null));
    if (!parsed.success) throw new AppError("invalid", "Preview needs an incident, a kind, a title and a body.");
    const { incidentId, kind, title, body } = parsed.data;
    return Response.json(await previewNotice(incidentId, kind, title, body));
  } catch (e) {
    return jsonError(e);
  }
}
