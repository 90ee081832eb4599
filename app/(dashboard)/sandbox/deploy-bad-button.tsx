"use client";
// The sandbox's one destructive button. It is a real rollout in the sandbox cluster; the dashboard
// learns about it the way it would in production (Prometheus → trigger watcher → timeline).
import { useActionState } from "react";
import { useRouter } from "next/navigation";
import { deployBadVersionAction } from "@/lib/actions/sandbox-deploy";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

export function DeployBadButton({ fireAfterSec, policy }: { fireAfterSec: number; policy: string }) {
  const router = useRouter();
  const [state, action, pending] = useActionState(async () => {
    const result = await deployBadVersionAction();
    if (result.ok) router.refresh();
    return result;
  }, null);
  return (
    <form action={action} className="space-y-2">
      <Button type="submit" variant="danger" disabled={pending} data-testid="sandbox-deploy-bad">
        {pending ? "Deploying…" : "Deploy the bad version"}
      </Button>
      <FormMessage state={state} />
      {state?.ok && (
        <p
          role="status"
          className="rounded-md border border-zinc-300 bg-zinc-50 px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-800"
          data-testid="sandbox-deploy-result"
        >
          Deployed <code>{state.data.image}</code> (was <code>{state.data.previous}</code>). Watch the error rate climb;
          the trigger fires once it stays above its threshold for {fireAfterSec} s, then{" "}
          {policy === "auto"
            ? "rolls back on its own (policy auto)."
            : "opens an incident and proposes the rollback for a commander (policy notify)."}
        </p>
      )}
    </form>
  );
}
