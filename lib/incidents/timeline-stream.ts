import "server-only";
// Server-Sent Events for one incident's timeline. Resumes after `Last-Event-ID` (the browser's own
// reconnect) or `?after=` (our client's reconnect), sends the backlog, then every new row once.
import { z } from "zod";
import { db } from "@/lib/db";
import { requirePermission } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { jsonError } from "@/lib/http/responses";
import { eventsAfter } from "@/lib/incidents/timeline";
import { timelineHub } from "@/lib/incidents/live";
import { metrics } from "@/lib/observability/metrics";

const cursorSchema = z
  .string()
  .regex(/^\d{1,19}$/)
  .transform(BigInt);
const HEARTBEAT_MS = 15_000;

function resumeCursor(req: Request): bigint {
  const raw = req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("after") ?? "0";
  const parsed = cursorSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("invalid", "The resume cursor must be an event id.");
  return parsed.data;
}

export async function streamTimeline(req: Request, incidentId: string): Promise<Response> {
  let cursor: bigint;
  try {
    await requirePermission("incident.read");
    cursor = resumeCursor(req);
    const found = await db.incident.findUnique({ where: { id: incidentId }, select: { id: true } });
    if (!found) throw new AppError("not_found", "That incident does not exist.");
  } catch (e) {
    return jsonError(e);
  }

  const encoder = new TextEncoder();
  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let draining = Promise.resolve();
      const send = (chunk: string) => {
        if (!closed) controller.enqueue(encoder.encode(chunk));
      };
      // Reads serialize, so two notifications never send the same rows twice.
      const drain = () => {
        draining = draining
          .then(async () => {
            while (!closed) {
              const batch = await eventsAfter(incidentId, cursor);
              for (const ev of batch) send(`id: ${ev.id}\nevent: timeline\ndata: ${JSON.stringify(ev)}\n\n`);
              if (batch.length) cursor = BigInt(batch[batch.length - 1].id);
              if (batch.length < 500) break;
            }
          })
          .catch((e) => send(`event: error\ndata: ${JSON.stringify({ error: String(e?.message ?? e) })}\n\n`));
      };
      send("retry: 1000\n\n");
      const unsubscribe = timelineHub.subscribe(incidentId, drain);
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
      metrics.sseClients.inc();
      drain();
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        metrics.sseClients.dec();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      req.signal.addEventListener("abort", () => cleanup());
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
