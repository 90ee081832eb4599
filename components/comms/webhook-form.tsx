"use client";
import { useActionState } from "react";
import { saveWebhookAction } from "@/lib/actions/save-webhook";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

type Webhook = {
  id: string;
  name: string;
  kind: "slack" | "generic";
  url: string;
  hasSecret: boolean;
  audience: "internal" | "customer";
  enabled: boolean;
};

export function WebhookForm({ webhook }: { webhook?: Webhook }) {
  const key = webhook?.id ?? "new";
  const [state, action, pending] = useActionState((_: unknown, form: FormData) => saveWebhookAction(form), null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form
      action={action}
      className="space-y-3"
      noValidate
      aria-label={webhook ? `Webhook ${webhook.name}` : "New webhook"}
    >
      {webhook && <input type="hidden" name="id" value={webhook.id} />}
      <div className="grid gap-3 sm:grid-cols-3">
        <Field name={`${key}-name`} label="Name" errors={errors?.name}>
          {(p) => <input {...p} name="name" defaultValue={webhook?.name} maxLength={100} />}
        </Field>
        <Field name={`${key}-kind`} label="Kind" errors={errors?.kind}>
          {(p) => (
            <select {...p} name="kind" defaultValue={webhook?.kind ?? "slack"}>
              <option value="slack">Slack incoming webhook</option>
              <option value="generic">Generic JSON (HMAC signed)</option>
            </select>
          )}
        </Field>
        <Field name={`${key}-audience`} label="Receives" errors={errors?.audience}>
          {(p) => (
            <select {...p} name="audience" defaultValue={webhook?.audience ?? "internal"}>
              <option value="internal">internal notices and team events</option>
              <option value="customer">customer notices</option>
            </select>
          )}
        </Field>
      </div>
      <Field name={`${key}-url`} label="URL" errors={errors?.url}>
        {(p) => (
          <input
            {...p}
            name="url"
            type="url"
            defaultValue={webhook?.url}
            placeholder="https://hooks.slack.com/services/…"
            autoComplete="off"
          />
        )}
      </Field>
      <Field
        name={`${key}-secret`}
        label="Signing secret (generic webhooks)"
        errors={errors?.secret}
        hint={
          webhook?.hasSecret
            ? "A secret is set; leave blank to keep it."
            : "At least 16 characters; receivers verify X-RCC-Signature with it."
        }
      >
        {(p) => (
          <input
            {...p}
            name="secret"
            type="password"
            autoComplete="new-password"
            placeholder={webhook?.hasSecret ? "•••••••• (unchanged)" : ""}
          />
        )}
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={webhook?.enabled ?? true} /> Enabled
      </label>
      <FormMessage state={state} />
      <div className="flex items-center gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : webhook ? "Save webhook" : "Add webhook"}
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
