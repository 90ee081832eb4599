import { db } from "@/lib/db";
import { guardPage } from "@/lib/auth/guard-page";
import { Card } from "@/components/ui/card";
import { TemplateForm, VariableReference } from "@/components/comms/template-form";
import { ChecklistTemplateEditor } from "@/components/checklists/checklist-template-editor";

export const metadata = { title: "Notice templates" };

export default async function TemplatesPage() {
  await guardPage("template.edit");
  const templates = await db.noticeTemplate.findMany({ orderBy: [{ kind: "asc" }, { name: "asc" }] });
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">Notice templates</h1>
        <a href="/admin/webhooks" className="text-sm underline">
          Webhooks
        </a>
      </header>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        A new incident&apos;s drafts start from the first template of each kind; the comms lead can switch templates in
        the editor.
      </p>
      <VariableReference />
      {templates.map((t) => (
        <Card key={t.id} title={`${t.name} (${t.kind})`}>
          <TemplateForm template={{ id: t.id, kind: t.kind, name: t.name, title: t.title, body: t.body }} />
        </Card>
      ))}
      <Card title="New template">
        <TemplateForm />
      </Card>
      <h2 className="pt-4 text-xl font-bold">Checklist templates</h2>
      <ChecklistTemplateEditor />
    </div>
  );
}
