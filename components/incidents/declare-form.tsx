"use client";
import { useActionState, useEffect } from "react";
import { useRouter } from "next/navigation";
import { declareIncidentAction } from "@/lib/actions/declare-incident";
import { SEVERITIES } from "@/lib/incidents/schemas";
import { Button } from "@/components/ui/button";
import { Select, TextArea, TextInput } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

export function DeclareForm({ services }: { services: { id: string; name: string }[] }) {
  const router = useRouter();
  const [state, action, pending] = useActionState((_: unknown, form: FormData) => declareIncidentAction(form), null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  useEffect(() => {
    if (state?.ok) router.push(`/incidents/${state.data.id}`);
  }, [state, router]);
  return (
    <form action={action} className="max-w-xl space-y-4" noValidate>
      <TextInput name="title" label="Title" required maxLength={200} errors={errors?.title} autoFocus />
      <Select name="severity" label="Severity" defaultValue="P2" errors={errors?.severity}>
        {SEVERITIES.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </Select>
      <Select name="serviceId" label="Service" defaultValue="" errors={errors?.serviceId}>
        <option value="">(none)</option>
        {services.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </Select>
      <Select name="source" label="Trigger" defaultValue="manual" errors={errors?.source}>
        <option value="manual">Manual</option>
        <option value="data_corruption">Data corruption</option>
        <option value="security_breach">Security breach</option>
        <option value="user_reports">User reports</option>
      </Select>
      <TextArea
        name="impact"
        label="Impact"
        rows={4}
        maxLength={4000}
        errors={errors?.impact}
        hint="Who is affected and how."
      />
      <FormMessage state={state} />
      <Button type="submit" variant="danger" disabled={pending}>
        {pending ? "Declaring…" : "Declare incident"}
      </Button>
    </form>
  );
}
