"use client";
// Time since detection, hh:mm:ss, ticking each second; it stops at the resolution. The server
// render and hydration use the server's clock (no mismatch), then the browser's takes over.
import { useSyncExternalStore } from "react";
import type { IncidentStatus } from "@/lib/generated/prisma/enums";
import { useIncidentLive } from "@/components/incidents/incident-room";

function subscribe(onTick: () => void) {
  const t = setInterval(onTick, 1000);
  return () => clearInterval(t);
}
// Whole seconds, so two reads within one second are the same snapshot.
const nowSec = () => Math.floor(Date.now() / 1000) * 1000;

/** Milliseconds as hh:mm:ss; hours grow past 24 rather than wrapping into days. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

export function DetectionClock({
  incidentId,
  status,
  detectedAt,
  resolvedAt,
  serverNow,
}: {
  incidentId: string;
  status: IncidentStatus;
  detectedAt: string;
  resolvedAt: string | null;
  serverNow: number;
}) {
  // The live resolution (a status change seen on the stream) wins over the server render's.
  const stoppedAt = useIncidentLive(incidentId, { status, resolvedAt }).resolvedAt;
  const now = useSyncExternalStore(stoppedAt ? () => () => {} : subscribe, nowSec, () => serverNow);
  const end = stoppedAt ? new Date(stoppedAt).getTime() : now;
  return (
    <span
      role="timer"
      aria-label={stoppedAt ? "Time from detection to resolution" : "Time since detection"}
      data-testid="detection-clock"
      data-stopped={stoppedAt ? "true" : "false"}
      className="font-mono tabular-nums"
    >
      {formatElapsed(end - new Date(detectedAt).getTime())}
    </span>
  );
}
