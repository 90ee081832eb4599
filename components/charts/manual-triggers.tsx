"use client";
// One-click manual triggers for a service (data corruption, security breach, user reports).
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { declareManualTriggerAction } from "@/lib/actions/declare-manual-trigger";
import { Button } from "@/components/ui/button";

const BUTTONS = [
  { kind: "data_corruption", label: "Data corruption" },
  { kind: "security_breach", label: "Security breach" },
  { kind: "user_reports", label: "User reports" },
] as const;

export function ManualTriggers({ serviceId, serviceName }: { serviceId: string; serviceName: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const click = (kind: (typeof BUTTONS)[number]["kind"]) => {
    setError(null);
    setBusy(kind);
    start(async () => {
      const r = await declareManualTriggerAction({ serviceId, kind });
      if (r.ok) router.push(`/incidents/${r.data.id}`);
      else setError(r.error);
      setBusy(null);
    });
  };
  return (
    <div className="space-y-2">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Declare an incident for {serviceName} in one click (it joins the open incident if there is one):
      </p>
      <div className="flex flex-wrap gap-2" role="group" aria-label={`Manual triggers for ${serviceName}`}>
        {BUTTONS.map((b) => (
          <Button key={b.kind} type="button" variant="danger" disabled={pending} onClick={() => click(b.kind)}>
            {busy === b.kind ? "Declaring…" : b.label}
          </Button>
        ))}
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}
