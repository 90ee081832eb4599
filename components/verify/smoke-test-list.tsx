"use client";
import Link from "next/link";
import { useActionState } from "react";
import { deleteSmokeTestAction } from "@/lib/actions/delete-smoke-test";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

export type SmokeTestSummary = {
  id: string;
  name: string;
  method: string;
  url: string;
  expectedStatus: number;
  assertions: string;
  timeoutMs: number;
};

function DeleteButton({ id, serviceId, name }: { id: string; serviceId: string; name: string }) {
  const [state, del, pending] = useActionState(() => deleteSmokeTestAction({ id, serviceId }), null);
  return (
    <form action={del} className="inline">
      <Button type="submit" variant="ghost" disabled={pending} aria-label={`Delete smoke test ${name}`}>
        {pending ? "Deleting…" : "Delete"}
      </Button>
      <FormMessage state={state} />
    </form>
  );
}

export function SmokeTestList({
  serviceId,
  tests,
  canEdit,
}: {
  serviceId: string;
  tests: SmokeTestSummary[];
  canEdit: boolean;
}) {
  if (tests.length === 0) return <p className="text-zinc-500">No smoke tests yet.</p>;
  return (
    <ul className="space-y-2" aria-label="Smoke tests">
      {tests.map((t) => (
        <li
          key={t.id}
          className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
          data-testid="smoke-test"
        >
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-semibold">{t.name}</span>
            <code className="text-xs break-all text-zinc-600 dark:text-zinc-400">
              {t.method} {t.url} → {t.expectedStatus} (≤ {t.timeoutMs} ms)
            </code>
            {canEdit && (
              <span className="ml-auto flex items-center gap-1">
                <Link
                  href={`?edit=${t.id}`}
                  className="rounded-md px-3 py-2 text-sm underline"
                  aria-label={`Edit smoke test ${t.name}`}
                >
                  Edit
                </Link>
                <DeleteButton id={t.id} serviceId={serviceId} name={t.name} />
              </span>
            )}
          </div>
          {t.assertions && (
            <pre className="mt-1 text-xs whitespace-pre-wrap text-zinc-600 dark:text-zinc-400">{t.assertions}</pre>
          )}
        </li>
      ))}
    </ul>
  );
}
