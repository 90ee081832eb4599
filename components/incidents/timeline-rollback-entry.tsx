"use client";
// One rollback run on the timeline: its state in words, its steps, its checks and a progress bar
// from the latest rollout progress; its raw rows behind a button. Shows only what the run's own
// events already say to everyone who can read the timeline (no diff, no plan data).
import {
  percentDone,
  ROLLBACK_STATE_WORDS,
  type RollbackEntry,
  type RollbackRunState,
  type StepState,
} from "@/lib/incidents/group-timeline";
import { TimelineGroup } from "@/components/incidents/timeline-group";

const TONE: Record<RollbackRunState, { border: string; text: string; bar: string }> = {
  planned: {
    border: "border-zinc-400 dark:border-zinc-600",
    text: "text-zinc-600 dark:text-zinc-400",
    bar: "bg-zinc-500",
  },
  awaiting_approval: {
    border: "border-amber-500",
    text: "text-amber-700 dark:text-amber-400",
    bar: "bg-amber-500",
  },
  running: { border: "border-blue-500", text: "text-blue-700 dark:text-blue-300", bar: "bg-blue-600" },
  succeeded: { border: "border-green-500", text: "text-green-700 dark:text-green-400", bar: "bg-green-600" },
  failed: { border: "border-red-500", text: "text-red-700 dark:text-red-400", bar: "bg-red-600" },
  cancelled: {
    border: "border-zinc-400 dark:border-zinc-600",
    text: "text-zinc-600 dark:text-zinc-400",
    bar: "bg-zinc-500",
  },
};

const STEP_LOOK: Record<StepState, { icon: string; cls: string }> = {
  running: { icon: "…", cls: "" },
  succeeded: { icon: "✓", cls: "text-green-700 dark:text-green-400" },
  failed: { icon: "✗", cls: "text-red-700 dark:text-red-400" },
  skipped: { icon: "–", cls: "text-zinc-600 dark:text-zinc-400" },
  cancelled: { icon: "■", cls: "text-zinc-600 dark:text-zinc-400" },
};

function stateWords(entry: RollbackEntry): string {
  const words = ROLLBACK_STATE_WORDS[entry.state];
  if (entry.nothingToDo) return `${words}: nothing to change`;
  if (entry.cancelRequested && entry.state === "running") return `${words}, cancel requested`;
  return words;
}

export function TimelineRollbackEntry({ entry }: { entry: RollbackEntry }) {
  const tone = TONE[entry.state];
  const title = `Rollback${entry.strategy ? ` · ${entry.strategy}` : ""}${entry.target ? ` of ${entry.target}` : ""}`;
  const pct = percentDone(entry);
  const p = entry.progress;
  return (
    <TimelineGroup
      entry={entry}
      title={title}
      state={entry.state}
      stateWords={stateWords(entry)}
      tone={tone}
      testId="timeline-rollback"
    >
      {p && (
        <div>
          <div
            role="progressbar"
            aria-label={`Timeline: ${title}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
            aria-valuetext={`${pct}%, ${p.available} of ${p.desired} available`}
            data-testid="timeline-rollback-progress"
            className="h-2 w-full overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
          >
            <div className={`h-full transition-all ${tone.bar}`} style={{ width: `${pct}%` }} />
          </div>
          <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400" data-testid="timeline-rollback-progress-text">
            {pct}% — {p.updated} updated, {p.ready} ready, {p.available}/{p.desired} available
          </p>
        </div>
      )}
      {entry.steps.length > 0 && (
        <ol className="space-y-0.5 text-xs" aria-label="Steps">
          {entry.steps.map((s) => (
            <li key={s.name} data-step={s.name} data-step-state={s.state} className={STEP_LOOK[s.state].cls}>
              <span aria-hidden>{STEP_LOOK[s.state].icon}</span> {s.name}: {s.state}
              {s.progress && s.state === "running" ? ` (${s.progress.available}/${s.progress.desired} available)` : ""}
            </li>
          ))}
        </ol>
      )}
      {entry.checks.length > 0 && (
        <ul className="space-y-0.5 text-xs" aria-label="Checks">
          {entry.checks.map((c, i) => (
            <li key={i} className={c.ok ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"}>
              <span aria-hidden>{c.ok ? "✓" : "✗"}</span> {c.name}: {c.ok ? "ok" : "failed"}
            </li>
          ))}
        </ul>
      )}
    </TimelineGroup>
  );
}
