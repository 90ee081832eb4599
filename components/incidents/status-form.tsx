"use client";
import { useActionState } from "react";
import { updateIncidentStatusAction } from "@/lib/actions/update-incident-status";
import { STATUSES } from "@/lib/incidents/schemas";
import type { IncidentStatus } from "@/lib/generated/prisma/enums";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { useIncidentLive } from "@/components/incidents/incident-room";

export function StatusForm({
  incidentId,
  status,
  resolvedAt = null,
}: {
  incidentId: string;
  status: IncidentStatus;
  resolvedAt?: string | null;
}) {
  const [state, action, pending] = useActionState(
    (_: unknown, form: FormData) => updateIncidentStatusAction(form),
    null,
  );
  // The picker shows the status the header's badge shows (the live one); when it changes (here, in
  // another tab, by a verification) the picker is drawn again from it, dropping a choice not yet
  // saved rather than offering a stale "from". Uncontrolled, as the form action expects.
  const current = useIncidentLive(incidentId, { status, resolvedAt }).status;
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="incidentId" value={incidentId} />
      <label className="text-sm">
        Status{" "}
        <select
          name="status"
          key={current}
          defaultValue={current}
          data-testid="status-picker"
          // Locked while saving: React resets the form when the action ends, which would silently
          // drop a choice made meanwhile.
          disabled={pending}
          className="rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
        >
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Saving…" : "Update status"}
      </Button>
      <FormMessage state={state} />
    </form>
  );
}
