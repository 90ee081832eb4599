// What the replicas spec reads from the database both servers share (scripts/e2e-replicas.ts sets
// DATABASE_URL): the rollback's claim, steps and the incident's timeline, as the servers wrote them.
import pg from "pg";

export type Replica = { port: number; pid: number };

export function replicasFromEnv(): [Replica, Replica] {
  const raw = process.env.E2E_REPLICAS;
  if (!raw) throw new Error("E2E_REPLICAS is not set: run through scripts/e2e-replicas.ts");
  const list = JSON.parse(raw) as Replica[];
  if (list.length !== 2) throw new Error(`expected two replicas, got ${list.length}`);
  return [list[0], list[1]];
}

/** The pid in a runner id (lib/rollback/runner.ts: host:pid:random). */
export function pidOfRunner(runnerId: string | null): number | null {
  const m = runnerId ? /:(\d+):[0-9a-f]+$/.exec(runnerId) : null;
  return m ? Number(m[1]) : null;
}

let pool: pg.Pool | undefined;
async function query<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R[]> {
  pool ??= new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  return (await pool.query<R>(sql, params)).rows;
}
export const closeDb = () => pool?.end();

export type ActionRow = {
  id: string;
  state: string;
  runnerId: string | null;
  claimEpoch: number;
  finishedAt: Date | null;
  error: string | null;
};

export async function actionOf(incidentId: string): Promise<ActionRow | undefined> {
  const rows = await query<ActionRow>(
    `SELECT id, state::text, "runnerId", "claimEpoch", "finishedAt", error FROM "RollbackAction"
      WHERE "incidentId" = $1 ORDER BY "createdAt"`,
    [incidentId],
  );
  if (rows.length > 1) throw new Error(`expected one rollback on the incident, found ${rows.length}`);
  return rows[0];
}

export async function stepsOf(actionId: string): Promise<{ name: string; state: string }[]> {
  return query(`SELECT name, state::text FROM "RollbackStep" WHERE "actionId" = $1 ORDER BY position`, [actionId]);
}

export type EventRow = { id: string; kind: string; message: string; payload: Record<string, unknown> };

export async function eventsOf(incidentId: string): Promise<EventRow[]> {
  // Ordered by the bigint column: a bare "id" would name the text output column.
  return query(
    `SELECT id::text, kind, message, payload FROM "TimelineEvent"
      WHERE "incidentId" = $1 ORDER BY "TimelineEvent".id`,
    [incidentId],
  );
}
