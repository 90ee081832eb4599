"use client";
// "Hold Argo CD sync first" / "Suspend Flux … first", beside a plan's managed-by warning.
import { useState } from "react";
import { holdGitopsAction } from "@/lib/actions/hold-gitops";
import type { ManagedByNote } from "@/lib/gitops/managed-by";
import { Button } from "@/components/ui/button";

type Holdable = NonNullable<ManagedByNote["holdable"]>;

export const holdLabel = (h: Holdable) =>
  h.kind === "Application" ? "Hold Argo CD sync first" : `Suspend Flux ${h.kind} first`;

export function HoldButton({
  incidentId,
  serviceId,
  holdable,
  onHeld,
}: {
  incidentId: string;
  serviceId: string;
  holdable: Holdable;
  onHeld?: () => void;
}) {
  const [state, setState] = useState<{ busy: boolean; done?: string; error?: string }>({ busy: false });
  async function hold() {
    setState({ busy: true });
    const r = await holdGitopsAction({ incidentId, serviceId, ...holdable });
    if (r.ok) {
      setState({
        busy: false,
        done: `Held ${holdable.kind} ${holdable.namespace}/${holdable.name} (was ${r.data.setting}).`,
      });
      onHeld?.();
    } else setState({ busy: false, error: r.error });
  }
  if (state.done)
    return (
      <p role="status" className="text-xs text-green-700 dark:text-green-400">
        {state.done}
      </p>
    );
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button type="button" variant="secondary" onClick={() => void hold()} disabled={state.busy}>
        {state.busy ? "Holding…" : holdLabel(holdable)}
      </Button>
      {state.error && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {state.error}
        </span>
      )}
    </span>
  );
}
