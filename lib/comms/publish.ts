import "server-only";
// Saving drafts and publishing notices. Publishing is one short transaction (new NoticeVersion +
// timeline event); webhook deliveries start only after it commits and run in the background, so
// a slow chat never holds a database lock or the caller.
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatUtc } from "@/lib/format/date";
import type { SessionUser } from "@/lib/auth/session";
import type { NoticeKind } from "@/lib/generated/prisma/enums";
import { appendEvent } from "@/lib/incidents/timeline";
import { loadNoticeContext, publicBaseUrl } from "@/lib/comms/context";
import { incidentSummary, type OutboundMessage } from "@/lib/comms/payloads";
import { deliver, inBackground, type DeliveryResult } from "@/lib/comms/deliver";
import { diffStats, noticeDiff } from "@/lib/comms/diff";
import { fillTemplate, fillTitle } from "@/lib/comms/render";
import { variableValues } from "@/lib/comms/variables";

export type NoticeInput = { incidentId: string; kind: NoticeKind; title: string; body: string };

/** Autosave. `baseSavedAt` is the save the editor started from: someone else's newer save wins a conflict. */
export async function saveDraft(input: NoticeInput & { baseSavedAt?: string }, user: SessionUser) {
  const incident = await db.incident.findUnique({ where: { id: input.incidentId }, select: { id: true } });
  if (!incident) throw new AppError("not_found", "That incident does not exist.");
  const where = { incidentId_kind: { incidentId: input.incidentId, kind: input.kind } };
  const current = await db.notice.findUnique({ where, select: { updatedAt: true, updatedById: true } });
  if (
    current &&
    input.baseSavedAt !== undefined &&
    current.updatedById !== user.id &&
    current.updatedAt.toISOString() !== input.baseSavedAt
  ) {
    const by = current.updatedById
      ? (await db.user.findUnique({ where: { id: current.updatedById }, select: { name: true } }))?.name
      : null;
    throw new AppError(
      "conflict",
      `${by ?? "Someone else"} changed this draft at ${formatUtc(current.updatedAt, { date: false })}. Reload to see their version before saving.`,
    );
  }
  const data = { title: input.title, draftBody: input.body, updatedById: user.id };
  const row = await db.notice.upsert({
    where,
    create: { incidentId: input.incidentId, kind: input.kind, ...data },
    update: data,
  });
  return { savedAt: row.updatedAt.toISOString() };
}

// `id` may still be null only for lib/rollback/strategies/dr-failover/notify.ts, whose StatusNotice
// type predates the system user; once it says `id: string`, this takes a SessionUser again.
export async function publishNotice(input: NoticeInput, user: Pick<SessionUser, "name"> & { id: string | null }) {
  const ctx = await loadNoticeContext(input.incidentId);
  if (!ctx) throw new AppError("not_found", "That incident does not exist.");
  const values = variableValues(ctx, new Date());
  const title = fillTitle(input.title, values, input.kind);
  const body = fillTemplate(input.body, values, input.kind);
  const unknown = [...new Set([...title.unknown, ...body.unknown])];
  if (unknown.length) {
    const list = unknown.map((u) => `{{${u}}}`).join(", ");
    throw new AppError(
      "invalid",
      `Not published: ${list} ${unknown.length > 1 ? "are" : "is"} not available in ${input.kind} notices. Remove or replace ${unknown.length > 1 ? "them" : "it"}.`,
    );
  }
  if (!title.text || !body.text.trim())
    throw new AppError("invalid", "Not published: the notice needs a title and a body.");

  const published = await db.$transaction(async (tx) => {
    const where = { incidentId_kind: { incidentId: input.incidentId, kind: input.kind } };
    const draft = { title: input.title, draftBody: input.body, updatedById: user.id };
    const notice = await tx.notice.upsert({
      where,
      create: { incidentId: input.incidentId, kind: input.kind, ...draft },
      update: draft,
    });
    // Two publishers at once: the second waits here and numbers its version after the first.
    await tx.$queryRaw`SELECT id FROM "Notice" WHERE id = ${notice.id} FOR UPDATE`;
    const previous = await tx.noticeVersion.findFirst({ where: { noticeId: notice.id }, orderBy: { version: "desc" } });
    const stats = diffStats(
      noticeDiff(previous ? `${previous.title}\n\n${previous.body}` : "", `${title.text}\n\n${body.text}`),
    );
    const version = await tx.noticeVersion.create({
      data: {
        noticeId: notice.id,
        version: (previous?.version ?? 0) + 1,
        title: title.text,
        body: body.text,
        publishedById: user.id,
      },
    });
    await appendEvent(
      {
        incidentId: input.incidentId,
        kind: "notice.published",
        actor: user.name,
        actorId: user.id,
        message: `Published ${input.kind} notice v${version.version}: ${title.text}`,
        payload: {
          kind: input.kind,
          version: version.version,
          noticeVersionId: version.id,
          ...stats,
          missing: [...title.missing, ...body.missing],
        },
      },
      tx,
    );
    return version;
  });

  inBackground(() => deliverNoticeVersion(published.id));
  return { versionId: published.id, version: published.version, publishedAt: published.publishedAt.toISOString() };
}

/** The message for one published version, with the audience it goes to; null when it is gone. */
export async function noticeVersionMessage(
  versionId: string,
): Promise<{ message: OutboundMessage; audience: NoticeKind; incidentId: string } | null> {
  const v = await db.noticeVersion.findUnique({
    where: { id: versionId },
    include: { notice: { include: { incident: { include: { service: { select: { name: true } } } } } } },
  });
  if (!v) return null;
  const { notice } = v;
  const { incident } = notice;
  const base = publicBaseUrl();
  const message = {
    event: "notice.published",
    id: v.id,
    title: v.title,
    markdown: v.body,
    occurredAt: v.publishedAt,
    notice: {
      kind: notice.kind,
      version: v.version,
      ...(notice.kind === "customer" ? { statusUrl: `${base}/status` } : {}),
    },
    ...(notice.kind === "internal"
      ? {
          incident: incidentSummary(incident, base),
        }
      : {}),
  };
  return { message, audience: notice.kind, incidentId: incident.id };
}

/** Sends one published version to every enabled webhook of its audience, once each. */
export async function deliverNoticeVersion(versionId: string): Promise<DeliveryResult[]> {
  const built = await noticeVersionMessage(versionId);
  if (!built) return [];
  const targets = await db.webhook.findMany({ where: { enabled: true, audience: built.audience } });
  return Promise.all(
    targets.map((t) => deliver(t, built.message, { key: `notice:${versionId}`, incidentId: built.incidentId })),
  );
}
