"use client";
import { useActionState, useRef } from "react";
import { saveSmokeTestAction } from "@/lib/actions/save-smoke-test";
import { SMOKE_METHODS } from "@/lib/verify/smoke-schema";
import { Button } from "@/components/ui/button";
import { Select, TextArea, TextInput } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

export type SmokeTestValues = {
  id: string;
  name: string;
  method: string;
  url: string;
  headers: string;
  body: string;
  expectedStatus: number;
  assertions: string;
  timeoutMs: number;
};

export function SmokeTestForm({ serviceId, initial }: { serviceId: string; initial?: SmokeTestValues }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [state, action, pending] = useActionState(async (_: unknown, form: FormData) => {
    const r = await saveSmokeTestAction(form);
    if (r.ok && !initial) formRef.current?.reset();
    return r;
  }, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <div className="space-y-2">
      <form
        ref={formRef}
        action={action}
        className="space-y-3"
        noValidate
        aria-label={initial ? `Smoke test ${initial.name}` : "New smoke test"}
      >
        <input type="hidden" name="serviceId" value={serviceId} />
        {initial && <input type="hidden" name="id" value={initial.id} />}
        <div className="space-y-3">
          <TextInput
            name="name"
            label="Name"
            defaultValue={initial?.name}
            maxLength={120}
            errors={errors?.name}
            required
          />
          <div className="grid gap-3 sm:grid-cols-[8rem_1fr]">
            <Select name="method" label="Method" defaultValue={initial?.method ?? "GET"} errors={errors?.method}>
              {SMOKE_METHODS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </Select>
            <TextInput
              name="url"
              label="URL"
              type="url"
              defaultValue={initial?.url}
              placeholder="https://shop.example.com/api/login"
              errors={errors?.url}
              required
            />
          </div>
          <TextArea
            name="headers"
            label="Headers"
            rows={2}
            defaultValue={initial?.headers}
            placeholder="Content-Type: application/json"
            hint="One per line: Name: value"
            errors={errors?.headers}
          />
          <TextArea
            name="body"
            label="Body"
            rows={2}
            defaultValue={initial?.body}
            placeholder='{"user": "smoke", "password": "…"}'
            errors={errors?.body}
          />
          <div className="grid gap-3 sm:grid-cols-2">
            <TextInput
              name="expectedStatus"
              label="Expected status"
              type="number"
              min={100}
              max={599}
              defaultValue={initial?.expectedStatus ?? 200}
              errors={errors?.expectedStatus}
            />
            <TextInput
              name="timeoutMs"
              label="Timeout (ms)"
              type="number"
              min={100}
              max={60000}
              defaultValue={initial?.timeoutMs ?? 5000}
              errors={errors?.timeoutMs}
            />
          </div>
          <TextArea
            name="assertions"
            label="Assertions"
            rows={3}
            defaultValue={initial?.assertions}
            placeholder={'$.token exists\n$.items isArray\n$.status equals "ok"'}
            hint="One per line: <path> exists | notExists | isArray | equals <JSON value>. Paths: $.a.b, $.items[0], $['key']."
            errors={errors?.assertions}
          />
        </div>
        <FormMessage state={state} success="Saved." />
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : initial ? "Save changes" : "Add smoke test"}
        </Button>
      </form>
    </div>
  );
}
