import "server-only";
// TriggerState rows, read and written on the leader's own connection (see leader.ts). Every write is
// a compare-and-set on the row's previous evaluatedAt: if two instances ever evaluated the same rule
// at once (a leadership hand-over), only one write lands and only its transitions are announced.
import type pg from "pg";
import type { RuleName, RuleState, RuleStatus } from "@/lib/prometheus/rules";

export type ServiceRow = {
  id: string;
  name: string;
  promQueries: unknown;
  triggerConfig: unknown;
  triggerPolicy: string;
};

/** A stored state plus the exact evaluatedAt it was read with (the compare-and-set token). */
export type StoredState = { state: RuleState; token: string };

export type StateWrite = {
  serviceId: string;
  rule: RuleName;
  state: RuleState;
  evaluatedAt: number;
  token: string | null;
};

export async function loadServices(c: pg.Client, names?: readonly string[]): Promise<ServiceRow[]> {
  const r = await c.query<ServiceRow>(
    `SELECT id, name, "promQueries", "triggerConfig", "triggerPolicy"::text AS "triggerPolicy"
       FROM "Service" WHERE "triggerPolicy" <> 'off' AND ($1::text[] IS NULL OR name = ANY($1::text[]))
      ORDER BY name`,
    [names ? [...names] : null],
  );
  return r.rows;
}

const key = (serviceId: string, rule: string) => `${serviceId}\u0000${rule}`;

export async function loadStates(c: pg.Client, serviceIds: string[]): Promise<Map<string, StoredState>> {
  // Times as epoch ms (extract reads a timestamp as UTC, like Prisma writes it), the token as text.
  const r = await c.query<{
    serviceId: string;
    rule: string;
    state: string;
    value: number | null;
    threshold: number | null;
    breach_since: number | null;
    last_fired_at: number | null;
    message: string | null;
    token: string;
  }>(
    `SELECT "serviceId", rule, state, value, threshold, message, "evaluatedAt"::text AS token,
            (extract(epoch FROM "breachSince") * 1000)::float8 AS breach_since,
            (extract(epoch FROM "lastFiredAt") * 1000)::float8 AS last_fired_at
       FROM "TriggerState" WHERE "serviceId" = ANY($1::text[])`,
    [serviceIds],
  );
  const out = new Map<string, StoredState>();
  for (const row of r.rows) {
    const status: RuleStatus = ["ok", "pending", "firing", "unknown"].includes(row.state)
      ? (row.state as RuleStatus)
      : "unknown";
    out.set(key(row.serviceId, row.rule), {
      token: row.token,
      state: {
        status,
        value: row.value,
        threshold: row.threshold,
        breachSince: row.breach_since,
        lastFiredAt: row.last_fired_at,
        message: row.message,
      },
    });
  }
  return out;
}

export function stateKey(serviceId: string, rule: string) {
  return key(serviceId, rule);
}

const ts = (col: string) =>
  `CASE WHEN ${col} IS NULL THEN NULL ELSE to_timestamp(${col} / 1000.0) AT TIME ZONE 'UTC' END`;

/** Writes all states in two statements; returns the keys whose write landed. */
export async function saveStates(c: pg.Client, writes: StateWrite[]): Promise<Set<string>> {
  const landed = new Set<string>();
  const cols = (ws: StateWrite[]) => [
    ws.map((w) => w.serviceId),
    ws.map((w) => w.rule),
    ws.map((w) => w.state.status),
    ws.map((w) => w.state.value),
    ws.map((w) => w.state.threshold),
    ws.map((w) => w.state.breachSince),
    ws.map((w) => w.state.lastFiredAt),
    ws.map((w) => w.evaluatedAt),
    ws.map((w) => w.state.message),
  ];
  const source = `unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::text[]`;
  const alias = `v(service_id, rule, state, value, threshold, breach_since, last_fired_at, evaluated_at, message`;

  const updates = writes.filter((w) => w.token !== null);
  if (updates.length) {
    const r = await c.query<{ serviceId: string; rule: string }>(
      `UPDATE "TriggerState" t
          SET state = v.state, value = v.value, threshold = v.threshold, message = v.message,
              "breachSince" = ${ts("v.breach_since")}, "lastFiredAt" = ${ts("v.last_fired_at")},
              "evaluatedAt" = ${ts("v.evaluated_at")}
         FROM ${source}, $10::text[]) AS ${alias}, token)
        WHERE t."serviceId" = v.service_id AND t.rule = v.rule AND t."evaluatedAt" = v.token::timestamp(3)
        RETURNING t."serviceId", t.rule`,
      [...cols(updates), updates.map((w) => w.token)],
    );
    for (const row of r.rows) landed.add(key(row.serviceId, row.rule));
  }
  const inserts = writes.filter((w) => w.token === null);
  if (inserts.length) {
    const r = await c.query<{ serviceId: string; rule: string }>(
      `INSERT INTO "TriggerState" (id, "serviceId", rule, state, value, threshold, "breachSince", "lastFiredAt", "evaluatedAt", message)
       SELECT 'ts_' || md5(random()::text || clock_timestamp()::text), v.service_id, v.rule, v.state, v.value, v.threshold,
              ${ts("v.breach_since")}, ${ts("v.last_fired_at")}, ${ts("v.evaluated_at")}, v.message
         FROM ${source}) AS ${alias})
        WHERE EXISTS (SELECT 1 FROM "Service" s WHERE s.id = v.service_id)
       ON CONFLICT ("serviceId", rule) DO NOTHING
       RETURNING "serviceId", rule`,
      cols(inserts),
    );
    for (const row of r.rows) landed.add(key(row.serviceId, row.rule));
  }
  return landed;
}
