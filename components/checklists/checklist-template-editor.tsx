import { db } from "@/lib/db";
import { PHASE_INFO, PHASES } from "@/lib/checklists/phases";
import { runbookTemplates } from "@/lib/checklists/runbook";
import { Card } from "@/components/ui/card";
import { ChecklistPhaseForm } from "@/components/checklists/checklist-phase-form";

/** The checklist templates, one list per phase (mount on an admin page; needs template.edit). */
export async function ChecklistTemplateEditor() {
  const stored = await db.checklistTemplate.findMany({ orderBy: [{ phase: "asc" }, { position: "asc" }] });
  const templates = stored.length ? stored : runbookTemplates();
  return (
    <Card title="Incident checklists">
      <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
        New incidents get these items; an item is due at the declaration time plus its phase&apos;s window.
      </p>
      <div className="space-y-4">
        {PHASES.map((phase) => (
          <ChecklistPhaseForm
            key={phase}
            phase={phase}
            label={`${PHASE_INFO[phase].label} (${PHASE_INFO[phase].window})`}
            items={templates
              .filter((t) => t.phase === phase)
              .map((t) => t.text)
              .join("\n")}
          />
        ))}
      </div>
    </Card>
  );
}
