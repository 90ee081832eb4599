import type { SessionUser } from "@/lib/auth/session";
import { can } from "@/lib/permissions";
import { assignableUsers, ensureChecklist, loadChecklist } from "@/lib/checklists/checklist";
import { Card } from "@/components/ui/card";
import { ChecklistPhases } from "@/components/checklists/checklist-phases";

export async function ChecklistPanel({ incidentId, user }: { incidentId: string; user: SessionUser }) {
  await ensureChecklist(incidentId);
  const editable = can(user.role, "checklist.update");
  const [items, users] = await Promise.all([
    loadChecklist(incidentId),
    editable ? assignableUsers() : Promise.resolve([]),
  ]);
  const open = items.filter((i) => !i.doneAt).length;
  const overdue = items.filter((i) => i.overdue).length;
  return (
    <Card
      title="Checklists"
      actions={
        <span className="text-xs text-zinc-500" data-testid="checklist-summary">
          {open} open
          {overdue ? (
            <span className="ml-1 font-semibold text-red-700 dark:text-red-400">· {overdue} overdue</span>
          ) : null}
        </span>
      }
    >
      <ChecklistPhases incidentId={incidentId} items={items} users={users} editable={editable} />
    </Card>
  );
}
