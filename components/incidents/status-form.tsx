"use client";
import { useActionState } from "react";
import { updateIncidentStatusAction } from "@/lib/actions/update-incident-status";
import { STATUSES } from "@/lib/incidents/schemas";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

export function StatusForm({ incidentId, status }: { incidentId: string; status: string }) {
  const [state, action, pending] = useActionState(
    (_: unknown, form: FormData) => updateIncidentStatusAction(form),
    null,
  );
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="incidentId" value={incidentId} />
      <label className="text-sm">
        Status{" "}
        <select
          name="status"
          defaultValue={status}
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
