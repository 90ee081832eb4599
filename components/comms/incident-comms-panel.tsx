import type { SessionUser } from "@/lib/auth/session";
import { can } from "@/lib/permissions";
import { noticeEditorData } from "@/lib/comms/notices";
import { variablesFor } from "@/lib/comms/variables";
import { Card } from "@/components/ui/card";
import { CadenceStatus } from "@/components/comms/cadence-status";
import { CommsSettingsForm } from "@/components/comms/comms-settings-form";
import { NoticeTabs } from "@/components/comms/notice-tabs";

// Communications on the incident page: when the next customer update is due, the comms settings,
// and the customer and internal notices. Everyone who can read the incident reads the notices;
// comms and commanders edit and publish.
export async function IncidentCommsPanel({ incidentId, user }: { incidentId: string; user: SessionUser }) {
  const data = await noticeEditorData(incidentId);
  if (!data) return null;
  const { incident } = data.ctx;
  const canEdit = can(user.role, "notice.edit");
  const variables = { customer: [...variablesFor("customer")], internal: [...variablesFor("internal")] };
  return (
    <Card title="Communications">
      <div className="space-y-3" data-testid="comms-panel">
        <CadenceStatus
          dueAt={data.nextUpdateDueAt}
          cadenceMin={incident.updateCadenceMin}
          resolved={incident.status === "resolved"}
          // eslint-disable-next-line react-hooks/purity -- a server render's clock, the client ticks on from it
          serverNow={Date.now()}
        />
        {canEdit && (
          <details className="rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800">
            <summary className="cursor-pointer text-sm font-medium">Cadence and links</summary>
            <div className="pt-2">
              <CommsSettingsForm
                incidentId={incident.id}
                updateCadenceMin={incident.updateCadenceMin}
                warRoomUrl={incident.warRoomUrl}
                incidentDocUrl={incident.incidentDocUrl}
              />
            </div>
          </details>
        )}
        <NoticeTabs
          incidentId={incident.id}
          notices={data.notices}
          variables={variables}
          canEdit={canEdit}
          canPublish={can(user.role, "notice.publish")}
        />
      </div>
    </Card>
  );
}
