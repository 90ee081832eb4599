"use client";
import { useActionState } from "react";
import { saveChecklistTemplatesAction } from "@/lib/actions/save-checklist-templates";
import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

export function ChecklistPhaseForm({ phase, label, items }: { phase: string; label: string; items: string }) {
  // Each phase's textarea needs its own name: Field derives the label's id from it.
  const field = `items-${phase}`;
  const [state, action, pending] = useActionState(
    (_: unknown, form: FormData) => saveChecklistTemplatesAction({ phase, items: String(form.get(field) ?? "") }),
    null,
  );
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-2" noValidate>
      <TextArea
        name={field}
        label={label}
        rows={6}
        defaultValue={items}
        hint="One item per line."
        errors={errors?.items}
      />
      <FormMessage state={state} />
      {state?.ok && (
        <p role="status" className="text-sm text-green-700 dark:text-green-400">
          Saved {state.data.count} items.
        </p>
      )}
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Saving…" : `Save ${label.split(" (")[0].toLowerCase()} items`}
      </Button>
    </form>
  );
}
