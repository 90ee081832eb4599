"use client";
import { useActionState } from "react";
import { setUserRoleAction } from "@/lib/actions/set-user-role";
import { ROLES } from "@/lib/permissions";
import { FormMessage } from "@/components/ui/form-message";
import { Button } from "@/components/ui/button";

export function RoleSelect({ userId, role, label }: { userId: string; role: string; label: string }) {
  const [state, action, pending] = useActionState((_: unknown, form: FormData) => setUserRoleAction(form), null);
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <select
        name="role"
        defaultValue={role}
        aria-label={`Role of ${label}`}
        className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
      >
        {ROLES.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Saving…" : "Save"}
      </Button>
      {state?.ok && <span className="text-sm text-green-700 dark:text-green-400">Saved</span>}
      <FormMessage state={state} />
    </form>
  );
}
