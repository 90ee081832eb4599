import "server-only";
// Leadership through a Postgres session-level advisory lock: held exactly as long as the dedicated
// connection lives. A dropped connection releases it in Postgres and here (the client is thrown
// away), so at most one replica leads; the leader also writes its results on this same session,
// which fences a leader that lost the lock without noticing.
import pg from "pg";
import { operatorMessageOf } from "@/lib/errors";

/** Two int4 keys ("RCC!", 1): pg_try_advisory_lock(int, int) does not clash with bigint-keyed locks. */
export const TRIGGER_WATCHER_LOCK: readonly [number, number] = [0x52434321, 1];

export type Leadership = {
  /** The leader's connection, acquiring the lock when free; null while another instance leads. */
  acquire(): Promise<pg.Client | null>;
  isLeader(): boolean;
  /** Forget the connection (after an error on it): leadership is lost until acquired again. */
  drop(reason: string): void;
  release(): Promise<void>;
};

export function createLeadership(opts: {
  databaseUrl: string;
  instanceId: string;
  lockKey?: readonly [number, number];
  log?: (msg: string) => void;
}): Leadership {
  const [k1, k2] = opts.lockKey ?? TRIGGER_WATCHER_LOCK;
  const log = opts.log ?? (() => {});
  let client: pg.Client | null = null;
  let leader = false;

  function drop(reason: string) {
    const c = client;
    if (!c) return;
    if (leader) log(`[watcher ${opts.instanceId}] leadership lost: ${reason}`);
    client = null;
    leader = false;
    c.end().catch(() => {});
  }

  async function connect(): Promise<pg.Client> {
    const c = new pg.Client({
      connectionString: opts.databaseUrl,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
      statement_timeout: 15_000,
      application_name: `rcc-trigger-watcher:${opts.instanceId}`.slice(0, 63),
    });
    // Without listeners an idle connection's error (backend terminated, network) crashes the process.
    c.on("error", (e) => client === c && drop(e.message));
    c.on("end", () => client === c && drop("connection ended"));
    await c.connect();
    return c;
  }

  return {
    async acquire() {
      if (client && leader) return client;
      try {
        // A follower keeps its connection and retries the lock on it each tick.
        client ??= await connect();
        const r = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1::int, $2::int) AS ok", [k1, k2]);
        leader = r.rows[0]?.ok === true;
        if (leader) log(`[watcher ${opts.instanceId}] became leader`);
        return leader ? client : null;
      } catch (e) {
        drop(operatorMessageOf(e));
        return null;
      }
    },
    isLeader: () => leader,
    drop,
    async release() {
      const c = client;
      client = null;
      if (!c) return;
      try {
        if (leader) await c.query("SELECT pg_advisory_unlock($1::int, $2::int)", [k1, k2]);
      } catch {
        // Ending the session releases the lock anyway.
      } finally {
        leader = false;
        await c.end().catch(() => {});
      }
    },
  };
}
