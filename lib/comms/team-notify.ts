import "server-only";
// Team notifications: key incident events posted to the internal chat webhooks, once each.
// "Once" is the WebhookDelivery row keyed "event:<timeline event id>" per webhook: calling
// notifyTeam twice, from two replicas, or from both a direct call and the listener sends once.
//
// Two ways in (either or both):
//   - call `void notifyTeam(event)` right after appending the event (it never throws or blocks
//     on chat: deliveries have their own timeouts; don't await it on the rollback path);
//   - or start `startTeamNotifier()` once per process (instrumentation / the background runner):
//     it LISTENs to timeline inserts and notifies every key event of the last 15 minutes it has
//     not sent yet, so nobody has to remember to call it.
import pg from "pg";
import { db, databaseUrl } from "@/lib/db";
import { parseDatabaseUrl } from "@/lib/db-url";
import { publicBaseUrl } from "@/lib/comms/context";
import { incidentSummary, type OutboundMessage } from "@/lib/comms/payloads";
import { deliver, type DeliveryResult } from "@/lib/comms/deliver";
import { formatUtc } from "@/lib/comms/variables";
import type { EventKind } from "@/lib/incidents/events";

/** Timeline kinds that reach the team's chat, with the headline each gets. */
export const TEAM_EVENT_KINDS = {
  "incident.declared": "Incident declared",
  "rollback.started": "Rollback started",
  "rollback.succeeded": "Rollback finished",
  "rollback.failed": "Rollback FAILED",
  "rollback.cancelled": "Rollback cancelled",
  "rollback.awaiting_approval": "Rollback needs a second approver",
} as const satisfies Partial<Record<EventKind, string>>;

export function isTeamEvent(kind: string): kind is keyof typeof TEAM_EVENT_KINDS {
  return Object.hasOwn(TEAM_EVENT_KINDS, kind);
}

export type TeamEvent = {
  id: bigint | string;
  incidentId: string;
  kind: string;
  message: string;
  actor: string;
  createdAt: Date | string;
};

/** The chat message for one team event, or null when its incident is gone. */
export async function teamMessage(event: TeamEvent): Promise<OutboundMessage | null> {
  const incident = await db.incident.findUnique({
    where: { id: event.incidentId },
    include: { service: { select: { name: true } } },
  });
  if (!incident) return null;
  const at = new Date(event.createdAt);
  const headline = isTeamEvent(event.kind) ? TEAM_EVENT_KINDS[event.kind] : event.kind;
  return {
    event: event.kind,
    id: String(event.id),
    title: `[${incident.severity}] ${headline}: ${incident.title}`,
    markdown: `${event.message}\n\nBy ${event.actor} at ${formatUtc(at)}`,
    occurredAt: at,
    incident: incidentSummary(incident, publicBaseUrl()),
  };
}

export async function notifyTeam(event: TeamEvent): Promise<DeliveryResult[]> {
  try {
    const [message, targets] = await Promise.all([
      teamMessage(event),
      db.webhook.findMany({ where: { enabled: true, audience: "internal" } }),
    ]);
    if (!message || !targets.length) return [];
    return await Promise.all(
      targets.map((t) => deliver(t, message, { key: `event:${event.id}`, incidentId: event.incidentId })),
    );
  } catch (e) {
    console.error("[comms] team notification failed", e);
    return [];
  }
}

/** Key events of the last `windowMin` minutes that some enabled internal webhook has not had. */
export async function notifyPendingTeamEvents(windowMin = 15): Promise<number> {
  const hooks = await db.webhook.findMany({ where: { enabled: true, audience: "internal" }, select: { id: true } });
  if (!hooks.length) return 0;
  const events = await db.timelineEvent.findMany({
    where: {
      kind: { in: Object.keys(TEAM_EVENT_KINDS) },
      createdAt: { gte: new Date(Date.now() - windowMin * 60_000) },
    },
    orderBy: { id: "asc" },
    take: 200,
  });
  if (!events.length) return 0;
  const sent = await db.webhookDelivery.findMany({
    where: { key: { in: events.map((e) => `event:${e.id}`) } },
    select: { key: true, webhookId: true },
  });
  const done = new Set(sent.map((s) => `${s.webhookId} ${s.key}`));
  const pending = events.filter((e) => hooks.some((h) => !done.has(`${h.id} event:${e.id}`)));
  for (const e of pending) await notifyTeam(e);
  return pending.length;
}

/** Listens to timeline inserts (the pg_notify the timeline trigger sends) and notifies key events. */
export function startTeamNotifier(opts: { sweepEveryMs?: number } = {}): () => Promise<void> {
  let stopped = false;
  let client: pg.Client | null = null;
  let running = false;
  let again = false;
  const sweep = async () => {
    if (running) return void (again = true);
    running = true;
    try {
      do {
        again = false;
        await notifyPendingTeamEvents();
      } while (again && !stopped);
    } catch (e) {
      console.error("[comms] team notifier sweep", e);
    } finally {
      running = false;
    }
  };
  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client({ ...parseDatabaseUrl(databaseUrl()), keepAlive: true });
    const lost = () => {
      if (client !== c) return;
      client = null;
      if (!stopped) setTimeout(() => void connect(), 2_000);
    };
    c.on("notification", () => void sweep());
    c.on("error", lost);
    c.on("end", lost);
    try {
      await c.connect();
      await c.query("LISTEN timeline_event");
      client = c;
      void sweep(); // whatever happened while we were not listening
    } catch {
      c.removeAllListeners();
      await c.end().catch(() => {});
      if (!stopped) setTimeout(() => void connect(), 2_000);
    }
  };
  void connect();
  // Notifications can be lost while reconnecting; a slow sweep catches up.
  const timer = setInterval(() => void sweep(), opts.sweepEveryMs ?? 30_000);
  return async () => {
    stopped = true;
    clearInterval(timer);
    const c = client;
    client = null;
    await c?.end().catch(() => {});
  };
}
