import "server-only";
// Notice templates: rows in NoticeTemplate, falling back to the runbook's defaults so a fresh
// database still gets a ready draft.
import { db } from "@/lib/db";
import type { NoticeKind } from "@/lib/generated/prisma/enums";
import { DEFAULT_TEMPLATES } from "@/lib/comms/default-templates";

export type TemplateView = { id: string | null; kind: NoticeKind; name: string; title: string; body: string };

export async function templatesOf(kind: NoticeKind): Promise<TemplateView[]> {
  const rows = await db.noticeTemplate.findMany({ where: { kind }, orderBy: { name: "asc" } });
  if (!rows.length) return [{ id: null, ...DEFAULT_TEMPLATES[kind] }];
  // The runbook's template first: it is the one a new draft starts from.
  const preferred = DEFAULT_TEMPLATES[kind].name;
  return rows
    .map((r) => ({ id: r.id, kind: r.kind, name: r.name, title: r.title, body: r.body }))
    .sort((a, b) => Number(b.name === preferred) - Number(a.name === preferred));
}

export async function allTemplates(): Promise<TemplateView[]> {
  return [...(await templatesOf("internal")), ...(await templatesOf("customer"))];
}
