"use client";
import { useActionState, useRef } from "react";
import { addNoteAction } from "@/lib/actions/add-note";
import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

export function NoteForm({ incidentId }: { incidentId: string }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [state, action, pending] = useActionState(async (_: unknown, form: FormData) => {
    const result = await addNoteAction(form);
    if (result.ok) formRef.current?.reset();
    return result;
  }, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form ref={formRef} action={action} className="space-y-2" noValidate>
      <input type="hidden" name="incidentId" value={incidentId} />
      <TextArea name="message" label="Add a note" rows={3} maxLength={4000} errors={errors?.message} />
      <FormMessage state={state} />
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add note"}
      </Button>
    </form>
  );
}
