"use client";
import { useActionState } from "react";
import { saveTemplateAction } from "@/lib/actions/save-template";
import { VARIABLES } from "@/lib/comms/variables";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

type Template = { id: string; kind: "internal" | "customer"; name: string; title: string; body: string };

export function TemplateForm({ template }: { template?: Template }) {
  const key = template?.id ?? "new";
  const [state, action, pending] = useActionState((_: unknown, form: FormData) => saveTemplateAction(form), null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form
      action={action}
      className="space-y-3"
      noValidate
      aria-label={template ? `Template ${template.name}` : "New template"}
    >
      {template && <input type="hidden" name="id" value={template.id} />}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field name={`${key}-name`} label="Name" errors={errors?.name}>
          {(p) => <input {...p} name="name" defaultValue={template?.name} maxLength={100} />}
        </Field>
        <Field name={`${key}-kind`} label="Kind" errors={errors?.kind}>
          {(p) => (
            <select {...p} name="kind" defaultValue={template?.kind ?? "customer"}>
              <option value="customer">customer (public)</option>
              <option value="internal">internal</option>
            </select>
          )}
        </Field>
      </div>
      <Field name={`${key}-title`} label="Title" errors={errors?.title}>
        {(p) => <input {...p} name="title" defaultValue={template?.title} maxLength={300} />}
      </Field>
      <Field
        name={`${key}-body`}
        label="Body (markdown)"
        errors={errors?.body}
        hint="Internal-only variables (rollback.*, links.*, incident.url) are refused in customer templates."
      >
        {(p) => (
          <textarea {...p} name="body" rows={12} defaultValue={template?.body} className={`${p.className} font-mono`} />
        )}
      </Field>
      <FormMessage state={state} />
      <div className="flex items-center gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : template ? "Save template" : "Create template"}
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

export function VariableReference() {
  return (
    <details className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800">
      <summary className="cursor-pointer font-medium">Variables</summary>
      <dl className="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
        {VARIABLES.map((v) => (
          <div key={v.name} className="contents">
            <dt>
              <code>{`{{${v.name}}}`}</code>
            </dt>
            <dd className="text-zinc-600 dark:text-zinc-400">
              {v.description}
              {v.internalOnly ? " (internal only)" : ""}
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
