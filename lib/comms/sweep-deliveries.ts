import "server-only";
// Deliveries left pending by a sender that stopped (a crash, a killed replica): once their lease
// has run out, one sweeper re-claims each under a new lease (conditional on the old one, so two
// replicas sweeping at once take it once) and sends it on from the attempts already counted.
// Webhook notices and team notifications alike: the message is rebuilt from the delivery's key.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { deliveryTuning, inBackground, sendUnderLease, type DeliveryResult } from "@/lib/comms/deliver";
import type { OutboundMessage } from "@/lib/comms/payloads";
import { noticeVersionMessage } from "@/lib/comms/publish";
import { teamMessage } from "@/lib/comms/team-notify";

async function messageFor(key: string): Promise<OutboundMessage | null> {
  if (key.startsWith("notice:")) return (await noticeVersionMessage(key.slice("notice:".length)))?.message ?? null;
  if (key.startsWith("event:")) {
    const id = key.slice("event:".length);
    if (!/^\d+$/.test(id)) return null;
    const event = await db.timelineEvent.findUnique({ where: { id: BigInt(id) } });
    return event ? teamMessage(event) : null;
  }
  return null;
}

/** Re-claims and sends every pending delivery whose lease ran out; returns what was sent. */
export async function sweepStaleDeliveries(opts: { limit?: number } = {}): Promise<DeliveryResult[]> {
  const now = new Date();
  const { leaseMs } = deliveryTuning();
  const stale = await db.webhookDelivery.findMany({
    where: {
      state: "pending",
      // Rows from before leases have none: stale once they are a lease old.
      OR: [{ leaseUntil: { lt: now } }, { leaseUntil: null, createdAt: { lt: new Date(now.getTime() - leaseMs) } }],
    },
    include: { webhook: true },
    orderBy: { createdAt: "asc" },
    take: opts.limit ?? 50,
  });
  const results: DeliveryResult[] = [];
  for (const row of stale) {
    const leaseId = randomUUID();
    const { count } = await db.webhookDelivery.updateMany({
      where: { id: row.id, state: "pending", leaseId: row.leaseId, leaseUntil: row.leaseUntil },
      data: { leaseId, leaseUntil: new Date(Date.now() + leaseMs) },
    });
    if (count !== 1) continue; // another sweeper took it
    const lease = { id: row.id, leaseId, attempts: row.attempts };
    const message = row.webhook.enabled ? await messageFor(row.key) : null;
    if (!message) {
      // The webhook was disabled or what it was to carry is gone: finish it, send nothing.
      await db.webhookDelivery.updateMany({
        where: { id: row.id, leaseId, state: "pending" },
        data: {
          state: "failed",
          finishedAt: new Date(),
          leaseUntil: null,
          lastError: row.webhook.enabled ? "nothing left to deliver" : "the webhook was disabled",
        },
      });
      continue;
    }
    results.push(await sendUnderLease(row.webhook, message, lease, { key: row.key, incidentId: row.incidentId }));
  }
  return results;
}

/** The background sweep of one replica; returns its stop function. */
export function startDeliverySweeper(opts: { everyMs?: number } = {}): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    inBackground(() => sweepStaleDeliveries().finally(() => (running = false)));
  }, opts.everyMs ?? 30_000);
  timer.unref?.();
  return () => clearInterval(timer);
}
