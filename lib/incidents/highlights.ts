// The key events of an incident, for people who follow it without running it (the stakeholder
// view): declared, status changes, a rollback starting and ending, verification results, published
// notices. Each is worded from its typed payload, never from the stored message, so a note, a
// step's output, an error's text, SQL or an env value cannot reach this view. Client-safe.
import { isKind, parseEvent, type EventKind } from "@/lib/incidents/events";

export const HIGHLIGHT_KINDS = [
  "incident.declared",
  "incident.status",
  "rollback.started",
  "rollback.succeeded",
  "rollback.failed",
  "rollback.cancelled",
  "verify.passed",
  "verify.failed",
  "notice.published",
] as const satisfies readonly EventKind[];

export type Highlight = { id: string; kind: (typeof HIGHLIGHT_KINDS)[number]; at: string; text: string };

type Row = { id: string; kind: string; actor: string; payload: unknown; createdAt: string };

const checks = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** The highlight this event is, or null when it is not a key event (or its payload does not parse). */
export function highlightOf(row: Row): Highlight | null {
  if (!isKind(row.kind, ...HIGHLIGHT_KINDS)) return null;
  const e = parseEvent(row);
  const by = row.actor ? ` by ${row.actor}` : "";
  let text: string;
  switch (e.kind) {
    case "incident.declared":
      text = `Incident declared (${e.payload.severity})${by}`;
      break;
    case "incident.status":
      text = `Status ${e.payload.from} → ${e.payload.to}${by}`;
      break;
    case "rollback.started":
      text = `Rollback started${by}`;
      break;
    case "rollback.succeeded":
      text = e.payload.outcome === "skipped" ? "Rollback finished: nothing to change" : "Rollback succeeded";
      break;
    case "rollback.failed":
      text = "Rollback failed";
      break;
    case "rollback.cancelled":
      text = "Rollback cancelled";
      break;
    case "verify.passed":
      text = `Verification passed (${checks(e.payload.counts)} checks)`;
      break;
    case "verify.failed":
      text = `Verification failed (${e.payload.failed.length} of ${checks(e.payload.counts)} checks not green)`;
      break;
    case "notice.published":
      text = `${e.payload.kind === "customer" ? "Customer" : "Internal"} notice update ${e.payload.version} published${by}`;
      break;
    default:
      return null;
  }
  return { id: row.id, kind: row.kind, at: row.createdAt, text };
}

export function highlights(rows: readonly Row[]): Highlight[] {
  return rows.map(highlightOf).filter((h): h is Highlight => h !== null);
}
