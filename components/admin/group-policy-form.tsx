"use client";
// The group policy editor: a textarea in policy.csv style, checked as the admin types (the same
// parser the server runs on save and at sign-in), errors listed by line right under it.
import { useActionState, useMemo, useState } from "react";
import { saveGroupPolicyAction } from "@/lib/actions/save-group-policy";
import { parseGroupPolicy, type PolicyError } from "@/lib/auth/group-policy";
import { FormMessage } from "@/components/ui/form-message";
import { Button } from "@/components/ui/button";

function PolicyErrors({ errors, id }: { errors: PolicyError[]; id: string }) {
  if (!errors.length) return null;
  return (
    <ul id={id} role="alert" className="space-y-1 text-sm text-red-700 dark:text-red-400" data-testid="policy-errors">
      {errors.map((e) => (
        <li key={`${e.line}:${e.message}`}>
          Line {e.line}: {e.message}
        </li>
      ))}
    </ul>
  );
}

export function GroupPolicyForm(props: { text: string; revision: number; readOnly: boolean }) {
  const [text, setText] = useState(props.text);
  // The answer with the text it answers, so a refusal's line errors go away once the text changes.
  const [state, action, pending] = useActionState(async (_: unknown, form: FormData) => {
    const sent = String(form.get("text") ?? "");
    return { sent, result: await saveGroupPolicyAction(form) };
  }, null);
  const live = useMemo(() => parseGroupPolicy(text), [text]);
  const liveErrors = live.ok ? [] : live.errors;
  const result = state?.result;
  const current = state?.sent === text;
  const serverErrors = current && result?.ok && !result.data.ok ? result.data.errors : [];
  const errors = liveErrors.length ? liveErrors : serverErrors;
  const saved = current && result?.ok && result.data.ok ? result.data.revision : null;
  const revision = result?.ok && result.data.ok ? result.data.revision : props.revision;
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="revision" value={revision} />
      <label htmlFor="group-policy" className="block text-sm font-medium">
        Policy (one <code>g, &lt;group&gt;, role:&lt;role&gt;</code> or <code>g, &lt;group&gt;, team:&lt;team&gt;</code>{" "}
        per line; <code>#</code> starts a comment)
      </label>
      <textarea
        id="group-policy"
        name="text"
        value={text}
        onChange={(e) => setText(e.target.value)}
        readOnly={props.readOnly}
        rows={12}
        spellCheck={false}
        aria-invalid={errors.length > 0}
        aria-describedby={errors.length ? "group-policy-errors" : undefined}
        className="w-full rounded-md border border-zinc-300 bg-white p-2 font-mono text-sm read-only:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:read-only:bg-zinc-800"
      />
      <PolicyErrors errors={errors} id="group-policy-errors" />
      {!props.readOnly && (
        <div className="flex items-center gap-2">
          <Button type="submit" disabled={pending || liveErrors.length > 0}>
            {pending ? "Saving…" : "Save policy"}
          </Button>
          {saved !== null && (
            <span role="status" className="text-sm text-green-700 dark:text-green-400">
              Saved (revision {saved}). It applies at each user&apos;s next sign-in.
            </span>
          )}
        </div>
      )}
      {current && <FormMessage state={result} />}
    </form>
  );
}
