// One timeline event as a Server-Sent Events frame; its id is the resume cursor (Last-Event-ID).
import type { TimelineEventView } from "@/lib/incidents/timeline";

const encoder = new TextEncoder();

export function timelineFrame(ev: TimelineEventView): Uint8Array {
  return encoder.encode(`id: ${ev.id}\nevent: timeline\ndata: ${JSON.stringify(ev)}\n\n`);
}

export function sseComment(text: string): Uint8Array {
  return encoder.encode(`: ${text}\n\n`);
}

export function sseEvent(event: string, data: unknown): Uint8Array {
  return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

export function sseRetry(ms: number): Uint8Array {
  return encoder.encode(`retry: ${ms}\n\n`);
}
