import { streamTimeline } from "@/lib/incidents/timeline-stream";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return streamTimeline(req, (await params).id);
}
