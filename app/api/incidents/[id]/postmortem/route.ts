import { requirePermission } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { jsonError } from "@/lib/http/responses";
import { postMortemMarkdown } from "@/lib/postmortem/load-document";

export const dynamic = "force-dynamic";

/** The post-mortem as a Markdown download: the saved document, else the pre-filled draft. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    await requirePermission("incident.read");
    const { id } = await params;
    const doc = await postMortemMarkdown(id);
    if (!doc) throw new AppError("not_found", "That incident does not exist.");
    const slug =
      doc.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "")
        .slice(0, 60) || "incident";
    return new Response(doc.markdown, {
      headers: {
        "content-type": "text/markdown; charset=utf-8",
        "content-disposition": `attachment; filename="postmortem-${slug}-${id.slice(0, 12)}.md"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (e) {
    return jsonError(e);
  }
}
