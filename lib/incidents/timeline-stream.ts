import "server-only";
// Server-Sent Events for one incident's timeline. Resumes after `Last-Event-ID` (the browser's own
// reconnect) or `?after=` (our client's reconnect), sends the backlog, then every new row once.
import { z } from "zod";
import { db } from "@/lib/db";
import { requirePermission } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { jsonError } from "@/lib/http/responses";
import { timelineHub } from "@/lib/incidents/live";
import { FEED_PAGE } from "@/lib/incidents/incident-feed";
import { sseComment, sseEvent, sseRetry } from "@/lib/incidents/sse-frame";
import { metrics } from "@/lib/observability/metrics";

const cursorSchema = z
  .string()
  .regex(/^\d{1,19}$/)
  .transform(BigInt);
const HEARTBEAT_MS = 15_000;
/** Bytes queued per client before the stream stops reading for it (about 250 typical events). */
const QUEUE_BYTES = 256 * 1024;

function resumeCursor(req: Request): bigint {
  const raw = req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("after") ?? "0";
  const parsed = cursorSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("invalid", "The resume cursor must be an event id.");
  return parsed.data;
}

export async function streamTimeline(req: Request, incidentId: string): Promise<Response> {
  let cursor: bigint;
  let pullAgain = () => {};
  try {
    await requirePermission("incident.read");
    cursor = resumeCursor(req);
    // An incident with open streams here exists: skip the read (a reconnecting crowd is 500 of them).
    if (!timelineHub.watching(incidentId)) {
      const found = await db.incident.findUnique({ where: { id: incidentId }, select: { id: true } });
      if (!found) throw new AppError("not_found", "That incident does not exist.");
    }
  } catch (e) {
    return jsonError(e);
  }

  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false;
        let draining: Promise<void> | null = null;
        let again = false;
        const room = () => !closed && (controller.desiredSize ?? 1) > 0;
        const send = (chunk: Uint8Array) => {
          if (!closed) controller.enqueue(chunk);
        };
        // One drain at a time per stream, so rows are never sent twice; a wake-up during a drain
        // runs it again. It stops when the client's queue is full (backpressure) and pull()
        // resumes it from the cursor: a slow browser holds at most one queue of bytes, never more.
        const drain = () => {
          if (draining) {
            again = true;
            return;
          }
          draining = (async () => {
            do {
              again = false;
              while (room()) {
                // Before it is live, a stream reads its backlog (shared with streams at the same cursor).
                const rows = live ? await feed.rowsAfter(cursor) : await feed.backlog(cursor);
                for (const r of rows) send(r.frame);
                if (rows.length) cursor = rows[rows.length - 1].id;
                if (rows.length < FEED_PAGE) {
                  live = true;
                  break;
                }
              }
            } while (again && room());
          })()
            .catch(() => send(sseEvent("error", { error: "Reading the timeline failed; retrying on the next event." })))
            .finally(() => (draining = null));
        };
        const pullDrain = () => drain();
        let live = false;
        send(sseRetry(1000));
        const { feed, unsubscribe } = timelineHub.subscribe(incidentId, drain);
        const heartbeat = setInterval(() => room() && send(sseComment("keep-alive")), HEARTBEAT_MS);
        metrics.sseClients.inc();
        pullAgain = pullDrain;
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
      pull() {
        pullAgain();
      },
      cancel() {
        cleanup();
      },
    },
    { highWaterMark: QUEUE_BYTES, size: (chunk) => chunk.byteLength },
  );

  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
