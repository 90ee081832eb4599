"use client";
import { useOptimistic, useState, useTransition } from "react";
import type { ChecklistItemView } from "@/lib/checklists/checklist";
import { PHASE_INFO, PHASES } from "@/lib/checklists/phases";
import { formatUtc } from "@/lib/format/date";
import { toggleChecklistItemAction } from "@/lib/actions/toggle-checklist-item";
import { assignChecklistItemAction } from "@/lib/actions/assign-checklist-item";

const time = (iso: string) => formatUtc(iso, { date: "month-day", seconds: false });

function Item({
  incidentId,
  item,
  users,
  editable,
  onError,
}: {
  incidentId: string;
  item: ChecklistItemView;
  users: { id: string; name: string }[];
  editable: boolean;
  onError: (m: string) => void;
}) {
  const [pending, start] = useTransition();
  const [optimisticDone, setOptimisticDone] = useOptimistic(Boolean(item.doneAt));
  const checkboxId = `check-${item.id}`;
  const toggle = (done: boolean) =>
    start(async () => {
      setOptimisticDone(done);
      const r = await toggleChecklistItemAction({ incidentId, itemId: item.id, done });
      if (!r.ok) onError(r.error);
    });
  const assign = (ownerId: string) =>
    start(async () => {
      const r = await assignChecklistItemAction({ incidentId, itemId: item.id, ownerId });
      if (!r.ok) onError(r.error);
    });
  return (
    <li className="py-1.5" data-testid="checklist-item" data-done={optimisticDone} data-overdue={item.overdue}>
      <div className="flex items-start gap-2">
        <input
          id={checkboxId}
          type="checkbox"
          className="mt-1 size-4 shrink-0"
          checked={optimisticDone}
          disabled={!editable || pending}
          onChange={(e) => toggle(e.target.checked)}
        />
        <label htmlFor={checkboxId} className={`text-sm ${optimisticDone ? "text-zinc-500 line-through" : ""}`}>
          {item.text}
        </label>
      </div>
      <div className="ml-6 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-500">
        {item.doneAt ? (
          <span>
            done {time(item.doneAt)}
            {item.doneByName ? ` by ${item.doneByName}` : ""}
          </span>
        ) : item.dueAt ? (
          <span className={item.overdue ? "font-semibold text-red-700 dark:text-red-400" : ""}>
            {item.overdue ? "Overdue since" : "due"} {time(item.dueAt)}
          </span>
        ) : null}
        {editable ? (
          <select
            aria-label={`Owner of: ${item.text}`}
            value={item.ownerId ?? ""}
            disabled={pending}
            onChange={(e) => assign(e.target.value)}
            className="rounded border border-zinc-300 bg-white px-1 py-0.5 dark:border-zinc-700 dark:bg-zinc-900"
          >
            <option value="">No owner</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        ) : (
          item.ownerName && <span>owner {item.ownerName}</span>
        )}
      </div>
    </li>
  );
}

export function ChecklistPhases({
  incidentId,
  items,
  users,
  editable,
}: {
  incidentId: string;
  items: ChecklistItemView[];
  users: { id: string; name: string }[];
  editable: boolean;
}) {
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      {error && (
        <p
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {error}
        </p>
      )}
      {PHASES.map((phase) => {
        const list = items.filter((i) => i.phase === phase);
        if (!list.length) return null;
        const done = list.filter((i) => i.doneAt).length;
        const overdue = list.some((i) => i.overdue);
        return (
          <details
            key={phase}
            open={phase === "immediate" || overdue}
            className="rounded border border-zinc-200 px-2 py-1 dark:border-zinc-800"
          >
            <summary className="cursor-pointer text-sm font-medium">
              {PHASE_INFO[phase].label} <span className="font-normal text-zinc-500">({PHASE_INFO[phase].window})</span>{" "}
              <span className="text-xs text-zinc-500">
                {done}/{list.length}
              </span>
              {overdue && <span className="ml-1 text-xs font-semibold text-red-700 dark:text-red-400">overdue</span>}
            </summary>
            <ul
              className="divide-y divide-zinc-100 dark:divide-zinc-800"
              aria-label={`${PHASE_INFO[phase].label} checklist`}
            >
              {list.map((item) => (
                <Item
                  key={item.id}
                  incidentId={incidentId}
                  item={item}
                  users={users}
                  editable={editable}
                  onError={setError}
                />
              ))}
            </ul>
          </details>
        );
      })}
    </div>
  );
}
