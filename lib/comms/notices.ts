import "server-only";
// Reads for the notice editor: the draft (or a fresh one from the template, already filled),
// the published versions with their diffs, and previews. Callers have checked incident.read.
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { NoticeKind } from "@/lib/generated/prisma/enums";
import { loadNoticeContext } from "@/lib/comms/context";
import { diffStats, noticeDiff, type DiffLine } from "@/lib/comms/diff";
import { renderMarkdown } from "@/lib/comms/markdown";
import { fillTemplate, fillTitle } from "@/lib/comms/render";
import { templatesOf, type TemplateView } from "@/lib/comms/templates";
import { nextUpdateDue, variableValues, type NoticeContext } from "@/lib/comms/variables";

export const NOTICE_KINDS = ["customer", "internal"] as const satisfies readonly NoticeKind[];

export type Preview = { title: string; html: string; unknown: string[]; missing: string[] };

export type VersionView = {
  id: string;
  version: number;
  title: string;
  html: string;
  publishedAt: string;
  publishedBy: string | null;
  diff: DiffLine[];
  added: number;
  removed: number;
};

export type NoticeEditorData = {
  kind: NoticeKind;
  title: string;
  body: string;
  savedAt: string | null;
  savedBy: string | null;
  preview: Preview;
  versions: VersionView[];
  templates: TemplateView[];
};

export function previewFrom(
  ctx: NoticeContext,
  kind: NoticeKind,
  title: string,
  body: string,
  now = new Date(),
): Preview {
  const values = variableValues(ctx, now);
  const t = fillTitle(title, values, kind);
  const b = fillTemplate(body, values, kind);
  return {
    title: t.text,
    html: renderMarkdown(b.text),
    unknown: [...new Set([...t.unknown, ...b.unknown])],
    missing: [...new Set([...t.missing, ...b.missing])],
  };
}

export async function previewNotice(
  incidentId: string,
  kind: NoticeKind,
  title: string,
  body: string,
): Promise<Preview> {
  const ctx = await loadNoticeContext(incidentId);
  if (!ctx) throw new AppError("not_found", "That incident does not exist.");
  return previewFrom(ctx, kind, title, body);
}

async function userNames(ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (!wanted.length) return new Map();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

export async function noticeEditorData(
  incidentId: string,
): Promise<{ ctx: NoticeContext; notices: NoticeEditorData[]; nextUpdateDueAt: string } | null> {
  const ctx = await loadNoticeContext(incidentId);
  if (!ctx) return null;
  const rows = await db.notice.findMany({
    where: { incidentId },
    include: { versions: { orderBy: { version: "asc" } } },
  });
  const names = await userNames(rows.flatMap((r) => [r.updatedById, ...r.versions.map((v) => v.publishedById)]));
  const notices: NoticeEditorData[] = [];
  for (const kind of NOTICE_KINDS) {
    const row = rows.find((r) => r.kind === kind);
    const templates = await templatesOf(kind);
    const title = row?.title ?? templates[0].title;
    const body = row?.draftBody ?? templates[0].body;
    const versions = (row?.versions ?? []).map((v, i, all) => {
      const diff = noticeDiff(i ? `${all[i - 1].title}\n\n${all[i - 1].body}` : "", `${v.title}\n\n${v.body}`);
      return {
        id: v.id,
        version: v.version,
        title: v.title,
        html: renderMarkdown(v.body),
        publishedAt: v.publishedAt.toISOString(),
        publishedBy: v.publishedById ? (names.get(v.publishedById) ?? null) : null,
        diff,
        ...diffStats(diff),
      };
    });
    notices.push({
      kind,
      title,
      body,
      savedAt: row?.updatedAt.toISOString() ?? null,
      savedBy: row?.updatedById ? (names.get(row.updatedById) ?? null) : null,
      preview: previewFrom(ctx, kind, title, body),
      versions: versions.reverse(),
      templates,
    });
  }
  return { ctx, notices, nextUpdateDueAt: nextUpdateDue(ctx).toISOString() };
}
