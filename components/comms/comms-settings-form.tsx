"use client";
import { useActionState } from "react";
import { setUpdateCadenceAction } from "@/lib/actions/set-update-cadence";
import { Button } from "@/components/ui/button";
import { TextInput } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

export function CommsSettingsForm(props: {
  incidentId: string;
  updateCadenceMin: number;
  warRoomUrl: string | null;
  incidentDocUrl: string | null;
}) {
  const [state, action, pending] = useActionState((_: unknown, form: FormData) => setUpdateCadenceAction(form), null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-2" noValidate>
      <input type="hidden" name="incidentId" value={props.incidentId} />
      <TextInput
        name="updateCadenceMin"
        label="Customer updates every (minutes)"
        type="number"
        min={5}
        max={1440}
        inputMode="numeric"
        defaultValue={props.updateCadenceMin}
        errors={errors?.updateCadenceMin}
      />
      <TextInput
        name="warRoomUrl"
        label="War room link"
        type="url"
        placeholder="https://"
        defaultValue={props.warRoomUrl ?? ""}
        errors={errors?.warRoomUrl}
      />
      <TextInput
        name="incidentDocUrl"
        label="Incident doc link"
        type="url"
        placeholder="https://"
        defaultValue={props.incidentDocUrl ?? ""}
        errors={errors?.incidentDocUrl}
      />
      <FormMessage state={state} />
      <div className="flex items-center gap-2">
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Saving…" : "Save settings"}
        </Button>
        {state?.ok && (
          <span role="status" className="text-sm text-green-700 dark:text-green-400">
            Saved
          </span>
        )}
      </div>
    </form>
  );
}
