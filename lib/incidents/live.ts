import "server-only";
// Live fan-out of timeline events: one LISTEN connection per app process, shared by every open
// stream. Postgres delivers each NOTIFY to all replicas, so a note written through replica A
// reaches a browser connected to replica B. A notification only says "incident X has new rows";
// the incident's shared feed reads them once for all its streams (incident-feed.ts), and each
// stream sends the rows after the last id it sent, so nothing is missed or sent twice.
import { EventEmitter } from "node:events";
import pg from "pg";
import { parseDatabaseUrl } from "@/lib/db-url";
import { databaseUrl } from "@/lib/db";
import { IncidentFeed } from "@/lib/incidents/incident-feed";
import { timelineFrame } from "@/lib/incidents/sse-frame";
import { eventsAfter } from "@/lib/incidents/timeline";
import { metrics } from "@/lib/observability/metrics";

const CHANNEL = "timeline_event";

/** Timeline rows as ready-to-send SSE frames (each row encoded once, whatever the number of streams). */
export async function timelineRows(incidentId: string, after: bigint, limit: number, reason: "shared" | "catch-up") {
  metrics.timelineReads.inc({ reason });
  return (await eventsAfter(incidentId, after, limit)).map((ev) => ({ id: BigInt(ev.id), frame: timelineFrame(ev) }));
}
type Listener = () => void;

class TimelineHub {
  private emitter = new EventEmitter().setMaxListeners(0);
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryMs = 250;
  private feeds = new Map<string, IncidentFeed>();

  /** Joins an incident's live feed; `onChange` fires after each notification for it. */
  subscribe(incidentId: string, onChange: Listener): { feed: IncidentFeed; unsubscribe: () => void } {
    void this.ensureConnected();
    let feed = this.feeds.get(incidentId);
    if (!feed) {
      feed = new IncidentFeed(
        (after, limit) => timelineRows(incidentId, after, limit, "shared"),
        (after, limit) => timelineRows(incidentId, after, limit, "catch-up"),
      );
      this.feeds.set(incidentId, feed);
    }
    this.emitter.on(incidentId, onChange);
    return {
      feed,
      unsubscribe: () => {
        this.emitter.off(incidentId, onChange);
        if (this.emitter.listenerCount(incidentId) === 0) this.feeds.delete(incidentId);
      },
    };
  }

  /** Whether this process has open streams of the incident (so it exists). */
  watching(incidentId: string): boolean {
    return this.emitter.listenerCount(incidentId) > 0;
  }

  streams(): number {
    return this.emitter.eventNames().reduce((n, name) => n + this.emitter.listenerCount(name), 0);
  }

  private ensureConnected(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect() {
    const client = new pg.Client({ ...parseDatabaseUrl(databaseUrl()), keepAlive: true });
    client.on("notification", (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      try {
        const { incidentId } = JSON.parse(msg.payload) as { incidentId: string };
        this.feeds.get(incidentId)?.invalidate();
        this.emitter.emit(incidentId);
      } catch {
        /* a malformed payload is not ours */
      }
    });
    const lost = () => {
      if (this.client !== client) return;
      this.client = null;
      // Every stream re-reads after a reconnect: notifications sent while we were away are gone.
      setTimeout(() => void this.ensureConnected().then(() => this.wakeAll()), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 5000);
    };
    client.on("error", lost);
    client.on("end", lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
      this.retryMs = 250;
    } catch {
      client.removeAllListeners();
      await client.end().catch(() => {});
      setTimeout(() => void this.ensureConnected().then(() => this.wakeAll()), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 5000);
    }
  }

  private wakeAll() {
    for (const feed of this.feeds.values()) feed.invalidate();
    for (const name of this.emitter.eventNames()) this.emitter.emit(name);
  }
}

const globalForHub = globalThis as unknown as { timelineHub?: TimelineHub };
export const timelineHub: TimelineHub = globalForHub.timelineHub ?? (globalForHub.timelineHub = new TimelineHub());
