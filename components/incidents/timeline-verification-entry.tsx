"use client";
// One verification run on the timeline: its outcome in words and its checks, as the
// verification panel shows them (the same fold, lib/verify/run-state); its raw rows behind a button.
import type { VerificationEntry } from "@/lib/incidents/group-timeline";
import { checkViews } from "@/lib/verify/run-state";
import { CheckRow } from "@/components/verify/check-row";
import { TimelineGroup } from "@/components/incidents/timeline-group";

const LOOK = {
  running: { words: "Checking", border: "border-blue-500", text: "text-blue-700 dark:text-blue-300" },
  passed: { words: "All checks green", border: "border-green-500", text: "text-green-700 dark:text-green-400" },
  failed: { words: "Failed", border: "border-red-500", text: "text-red-700 dark:text-red-400" },
} as const;

export function TimelineVerificationEntry({ entry }: { entry: VerificationEntry }) {
  const outcome = entry.run?.outcome ?? "running";
  const look = LOOK[outcome];
  const views = entry.run ? checkViews(entry.run) : [];
  const done = views.filter((v) => v.status !== "pending").length;
  const words = outcome === "running" && views.length ? `${look.words}: ${done} of ${views.length} done` : look.words;
  return (
    <TimelineGroup
      entry={entry}
      title="Verification"
      state={outcome}
      stateWords={words}
      tone={look}
      testId="timeline-verification"
    >
      {views.length > 0 && (
        <ul className="space-y-1" aria-label="Checks">
          {views.map((v) => (
            <CheckRow key={v.key} view={v} />
          ))}
        </ul>
      )}
    </TimelineGroup>
  );
}
