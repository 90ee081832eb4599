import "server-only";
// Live fan-out of timeline events: one LISTEN connection per app process, shared by every open
// stream. Postgres delivers each NOTIFY to all replicas, so a note written through replica A
// reaches a browser connected to replica B. A notification only says "incident X has new rows";
// each stream then reads the rows after the last id it sent, so nothing is missed or sent twice.
import { EventEmitter } from "node:events";
import pg from "pg";
import { parseDatabaseUrl } from "@/lib/db-url";
import { databaseUrl } from "@/lib/db";

const CHANNEL = "timeline_event";
type Listener = () => void;

class TimelineHub {
  private emitter = new EventEmitter().setMaxListeners(0);
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryMs = 250;

  subscribe(incidentId: string, onChange: Listener): () => void {
    void this.ensureConnected();
    this.emitter.on(incidentId, onChange);
    return () => this.emitter.off(incidentId, onChange);
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
    for (const name of this.emitter.eventNames()) this.emitter.emit(name);
  }
}

const globalForHub = globalThis as unknown as { timelineHub?: TimelineHub };
export const timelineHub: TimelineHub = globalForHub.timelineHub ?? (globalForHub.timelineHub = new TimelineHub());
