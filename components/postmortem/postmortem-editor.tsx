"use client";
import { useActionState, useState } from "react";
import { savePostMortemAction } from "@/lib/actions/save-postmortem";
import { formatUtc } from "@/lib/format/date";
import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

export function PostMortemEditor({ incidentId, body, draft }: { incidentId: string; body: string; draft: string }) {
  const [text, setText] = useState(body);
  const [state, action, pending] = useActionState((_: unknown, form: FormData) => savePostMortemAction(form), null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-2" noValidate>
      <input type="hidden" name="incidentId" value={incidentId} />
      <TextArea
        name="body"
        label="Post-mortem (Markdown)"
        rows={18}
        maxLength={200_000}
        value={text}
        onChange={(e) => setText(e.target.value)}
        errors={errors?.body}
        hint="Blameless: describe what the system and the process allowed, not who erred. The preview below updates when you save."
      />
      <FormMessage state={state} />
      {state?.ok && (
        <p role="status" className="text-sm text-green-700 dark:text-green-400">
          Saved at {formatUtc(state.data.savedAt, { date: false })}.
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save post-mortem"}
        </Button>
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            if (
              text === draft ||
              window.confirm(
                "Replace your text with a fresh draft from the incident? Unsaved and saved edits in the box are lost.",
              )
            )
              setText(draft);
          }}
        >
          Refill from the incident
        </Button>
      </div>
    </form>
  );
}
