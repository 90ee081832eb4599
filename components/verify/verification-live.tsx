"use client";
import { useActionState, useCallback, useState } from "react";
import { useRouter } from "next/navigation";
import { eventKinds, isKind } from "@/lib/incidents/events";
import type { TimelineEventView } from "@/lib/incidents/timeline";
import { runVerificationAction } from "@/lib/actions/run-verification";
import { applyEvent, checkViews, foldRun, type RunState } from "@/lib/verify/run-state";
import { formatUtc } from "@/lib/format/date";
import { Button } from "@/components/ui/button";
import { TextInput } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { useTimelineEvents } from "@/components/verify/use-timeline-events";
import { CheckRow } from "@/components/verify/check-row";

const VERIFY_KINDS = eventKinds("verify");

export function VerificationLive({
  incidentId,
  initial,
  after,
  canRun,
}: {
  incidentId: string;
  initial: TimelineEventView[];
  after: string;
  canRun: boolean;
}) {
  const router = useRouter();
  const [run, setRun] = useState<RunState | null>(() => foldRun(initial));
  const onEvent = useCallback(
    (e: TimelineEventView) => {
      if (!isKind(e.kind, ...VERIFY_KINDS)) return;
      setRun((s) => applyEvent(s, e));
      // The status badge and metrics are server-rendered: fetch them again once the run ends.
      if (isKind(e.kind, "verify.passed", "verify.failed")) router.refresh();
    },
    [router],
  );
  // The stream starts where the server render ended; later refreshes must not restart it.
  const [from] = useState(after);
  useTimelineEvents(incidentId, from, onEvent);
  const [state, action, pending] = useActionState((_: unknown, form: FormData) => runVerificationAction(form), null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;

  const views = run ? checkViews(run) : [];
  const done = views.filter((v) => v.status !== "pending").length;
  const running = run?.outcome === "running";

  return (
    <div className="space-y-3" data-testid="verification-panel" data-outcome={run?.outcome ?? "none"}>
      {run ? (
        <>
          <div className="flex flex-wrap items-center gap-2 text-sm" aria-live="polite">
            {running ? (
              <span className="font-medium">
                Checking… {done} of {views.length} done
              </span>
            ) : run.outcome === "passed" ? (
              <span className="font-semibold text-green-700 dark:text-green-400">All checks green</span>
            ) : (
              <span className="font-semibold text-red-700 dark:text-red-400">Verification failed</span>
            )}
            <span className="text-xs text-zinc-500">
              started {formatUtc(run.startedAt, { date: false })}
              {run.expected.image ? ` · target ${run.expected.image}` : ""}
              {run.expected.version ? ` · version ${run.expected.version}` : ""}
            </span>
          </div>
          {running && (
            <progress
              className="h-2 w-full accent-blue-600"
              max={views.length}
              value={done}
              aria-label="Verification progress"
            />
          )}
          <ul className="space-y-1" aria-label="Verification checks">
            {views.map((v) => (
              <CheckRow key={v.key} view={v} />
            ))}
          </ul>
        </>
      ) : (
        <p className="text-sm text-zinc-500">No verification has run for this incident yet.</p>
      )}
      {canRun && (
        <form action={action} className="space-y-2" noValidate>
          <input type="hidden" name="incidentId" value={incidentId} />
          <details className="text-sm">
            <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">
              Expected image and version (optional)
            </summary>
            <div className="mt-2 grid gap-2 sm:grid-cols-2">
              <TextInput
                name="expectedImage"
                label="Expected image"
                placeholder="registry/app:1.4.2"
                maxLength={500}
                errors={errors?.expectedImage}
                hint="Default: the Deployment's current image."
              />
              <TextInput
                name="expectedVersion"
                label="Expected version"
                placeholder="1.4.2"
                maxLength={200}
                errors={errors?.expectedVersion}
                hint="Default: the image tag."
              />
            </div>
          </details>
          <FormMessage state={state} />
          <Button type="submit" variant="secondary" disabled={pending || running}>
            {pending ? "Starting…" : running ? "Verification running…" : "Run verification"}
          </Button>
        </form>
      )}
    </div>
  );
}
