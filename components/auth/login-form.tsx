"use client";
import { useActionState } from "react";
import { signInAction } from "@/lib/actions/sign-in";
import { Button } from "@/components/ui/button";
import { TextInput } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, action, pending] = useActionState(signInAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? "/incidents"} />
      <TextInput
        name="email"
        label="Email"
        type="email"
        autoComplete="username"
        required
        autoFocus
        errors={errors?.email}
      />
      <TextInput
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        errors={errors?.password}
      />
      <FormMessage state={state} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
