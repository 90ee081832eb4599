import "server-only";
// Sending one message to one webhook, once. The WebhookDelivery row is claimed first (unique per
// webhook and key), so a retried publish, a second replica or a re-run sweep never sends twice.
// Then up to N attempts, each with its own timeout; 5xx, 429, timeouts and network errors are
// retried with backoff, other answers are final. Every retry and the outcome go on the timeline.
// Nothing here throws at its caller: a chat outage must never reach the rollback path.
//
// The claim is a lease (leaseId + leaseUntil), renewed before and after every attempt. A sender
// that crashes leaves a pending row whose lease runs out; the sweeper (sweep-deliveries.ts)
// re-claims it under a new lease and carries on from the attempts already counted. Every write is
// conditional on the lease, so only its holder records attempts or the outcome, and a sender that
// lost its lease stops. A re-sent attempt carries the same X-RCC-Delivery id: receivers dedupe on it.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { Prisma, type Webhook } from "@/lib/generated/prisma/client";
import type { EventOf } from "@/lib/incidents/events";
import { appendEvent } from "@/lib/incidents/timeline";
import { genericPayload, safeJsonStringify, slackPayload, type OutboundMessage } from "@/lib/comms/payloads";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody } from "@/lib/comms/signing";
import { egressFetch } from "@/lib/http/egress-fetch";
import { isAppError } from "@/lib/errors";

export type DeliveryTuning = {
  attempts: number;
  timeoutMs: number;
  backoffMs: readonly number[];
  /** How long a claim holds without renewal; longer than one attempt plus its backoff. */
  leaseMs: number;
};
const DEFAULT_TUNING: DeliveryTuning = { attempts: 3, timeoutMs: 5_000, backoffMs: [1_000, 4_000], leaseMs: 60_000 };
let tuning: DeliveryTuning = DEFAULT_TUNING;

/** Tests shorten the waits; production keeps the defaults. */
export function setDeliveryTuning(t: Partial<DeliveryTuning> | null) {
  tuning = t ? { ...DEFAULT_TUNING, ...t } : DEFAULT_TUNING;
}

export type AttemptResult = { attempt: number; status: number | null; error: string | null; ms: number };
export type DeliveryResult = { webhook: string; state: "delivered" | "failed" | "skipped"; attempts: AttemptResult[] };
type Target = Pick<Webhook, "id" | "name" | "kind" | "url" | "secret">;

const ACTOR = "comms";

/** A fixed sentence: never the URL (webhook URLs hold tokens) nor anything the receiver answered. */
function describe(e: unknown, timeoutMs: number): string {
  if (isAppError(e)) return e.code === "timeout" ? `timed out after ${timeoutMs} ms` : e.userMessage;
  return "the delivery failed";
}

async function attempt(
  target: Target,
  body: string,
  deliveryId: string,
  event: string,
): Promise<Omit<AttemptResult, "attempt"> & { retry: boolean }> {
  const started = Date.now();
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "RollbackCommandCenter-Webhook/1",
    [DELIVERY_HEADER]: deliveryId,
    [EVENT_HEADER]: event,
  };
  if (target.kind === "generic" && target.secret) {
    const ts = Math.floor(Date.now() / 1000);
    headers[TIMESTAMP_HEADER] = String(ts);
    headers[SIGNATURE_HEADER] = signBody(target.secret, ts, body);
  }
  try {
    // Under the egress policy; a webhook that redirects is misconfigured: never followed elsewhere.
    const res = await egressFetch(target.url, {
      method: "POST",
      headers,
      body,
      timeoutMs: tuning.timeoutMs,
      maxBytes: 0,
    });
    await res.body?.cancel().catch(() => {});
    const ok = res.status >= 200 && res.status < 300;
    return {
      status: res.status,
      error: ok ? null : `HTTP ${res.status}`,
      ms: Date.now() - started,
      retry: res.status >= 500 || res.status === 429,
    };
  } catch (e) {
    return { status: null, error: describe(e, tuning.timeoutMs), ms: Date.now() - started, retry: true };
  }
}

type DeliveryEvent = EventOf<"comms.webhook.retry" | "comms.webhook.delivered" | "comms.webhook.failed">;

async function record(incidentId: string | null | undefined, message: string, event: DeliveryEvent) {
  if (!incidentId) return;
  try {
    await appendEvent({ ...event, incidentId, actor: ACTOR, message });
  } catch (e) {
    console.error("[comms] could not record on the timeline", e);
  }
}

/** A held claim on one WebhookDelivery row. */
export type DeliveryLease = { id: string; leaseId: string; attempts: number };

export function deliveryTuning(): DeliveryTuning {
  return tuning;
}

const leaseUntil = () => new Date(Date.now() + tuning.leaseMs);

/** A write only the lease holder can make; false when the lease was lost (the sweeper took it over). */
async function underLease(lease: DeliveryLease, data: Prisma.WebhookDeliveryUpdateManyMutationInput): Promise<boolean> {
  try {
    const { count } = await db.webhookDelivery.updateMany({
      where: { id: lease.id, leaseId: lease.leaseId, state: "pending" },
      data,
    });
    return count === 1;
  } catch (e) {
    console.error("[comms] could not record a delivery", e);
    return false;
  }
}

export async function deliver(
  target: Target,
  message: OutboundMessage,
  opts: { key: string; incidentId?: string | null },
): Promise<DeliveryResult> {
  let lease: DeliveryLease;
  try {
    const leaseId = randomUUID();
    const row = await db.webhookDelivery.create({
      data: {
        webhookId: target.id,
        key: opts.key,
        incidentId: opts.incidentId ?? null,
        leaseId,
        leaseUntil: leaseUntil(),
      },
    });
    lease = { id: row.id, leaseId, attempts: 0 };
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
      return { webhook: target.name, state: "skipped", attempts: [] };
    console.error("[comms] could not claim a delivery", e);
    return { webhook: target.name, state: "failed", attempts: [] };
  }
  return sendUnderLease(target, message, lease, opts);
}

/**
 * Sends (or goes on sending) a delivery whose lease the caller holds: `deliver` after claiming it,
 * the sweeper after re-claiming a stale one. Attempts already counted on the row are not repeated.
 */
export async function sendUnderLease(
  target: Target,
  message: OutboundMessage,
  lease: DeliveryLease,
  opts: { key: string; incidentId?: string | null },
): Promise<DeliveryResult> {
  const lost = (attempts: AttemptResult[]): DeliveryResult => ({ webhook: target.name, state: "skipped", attempts });
  const body = safeJsonStringify(target.kind === "slack" ? slackPayload(message) : genericPayload(message));
  const attempts: AttemptResult[] = [];
  let delivered = false;
  for (let n = lease.attempts + 1; n <= tuning.attempts; n++) {
    // Counted before sending: a sender that crashes mid-attempt has still used it up.
    if (!(await underLease(lease, { attempts: n, leaseUntil: leaseUntil() }))) return lost(attempts);
    const { retry, ...result } = await attempt(target, body, lease.id, message.event);
    attempts.push({ attempt: n, ...result });
    delivered = result.error === null;
    const held = await underLease(lease, {
      lastStatus: result.status,
      lastError: result.error,
      leaseUntil: leaseUntil(),
    });
    if (!held) return lost(attempts);
    if (delivered || !retry || n === tuning.attempts) break;
    const wait = tuning.backoffMs[Math.min(n - 1, tuning.backoffMs.length - 1)] ?? 0;
    await record(
      opts.incidentId,
      `Webhook "${target.name}" attempt ${n} failed (${result.error}); retrying in ${wait} ms`,
      {
        kind: "comms.webhook.retry",
        payload: { webhook: target.name, key: opts.key, ...result, attempt: n },
      },
    );
    await new Promise((r) => setTimeout(r, wait));
  }

  const state = delivered ? "delivered" : "failed";
  if (!attempts.length) {
    // Re-claimed with every attempt already used by a sender that stopped: nothing more to send.
    const finished = await underLease(lease, {
      state,
      finishedAt: new Date(),
      leaseUntil: null,
      lastError: "the sender stopped before the delivery finished",
    });
    if (!finished) return lost(attempts);
    await record(
      opts.incidentId,
      `Webhook "${target.name}" failed to deliver ${message.event}: the sender stopped after ${lease.attempts} attempt${lease.attempts === 1 ? "" : "s"}`,
      {
        kind: "comms.webhook.failed",
        payload: { webhook: target.name, webhookKind: target.kind, key: opts.key, event: message.event, attempts },
      },
    );
    return { webhook: target.name, state, attempts };
  }
  // Only the lease holder finishes: the outcome is recorded once.
  if (!(await underLease(lease, { state, finishedAt: new Date(), leaseUntil: null }))) return lost(attempts);
  const last = attempts.at(-1);
  const total = last?.attempt ?? attempts.length;
  const summary = delivered
    ? `Webhook "${target.name}" delivered ${message.event}${total > 1 ? ` after ${total} attempts` : ""}`
    : `Webhook "${target.name}" failed to deliver ${message.event} after ${total} attempt${total > 1 ? "s" : ""}: ${last?.error}`;
  await record(opts.incidentId, summary, {
    kind: delivered ? "comms.webhook.delivered" : "comms.webhook.failed",
    payload: { webhook: target.name, webhookKind: target.kind, key: opts.key, event: message.event, attempts },
  });
  return { webhook: target.name, state, attempts };
}

// Deliveries run after the publish is recorded, outside the request. Tracked so tests (and a
// graceful shutdown) can wait for them.
const inFlight = new Set<Promise<unknown>>();

export function inBackground<T>(work: () => Promise<T>): void {
  const p = work().catch((e) => console.error("[comms] background delivery", e));
  inFlight.add(p);
  void p.finally(() => inFlight.delete(p));
}

export async function settleDeliveries(): Promise<void> {
  while (inFlight.size) await Promise.allSettled([...inFlight]);
}
