"use client";
// The commander's keys on the incident page, and the "?" overlay that lists them. A modal <dialog>
// (showModal): the rest of the page is inert while it is open, so focus stays inside; Esc closes
// it; focus goes back to where it was. Keys never fire while someone types (shortcut-keys.ts).
import { useCallback, useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import { focusCard, openPlanner } from "@/components/incidents/incident-actions";
import { nextChord, shortcutKey } from "@/components/incidents/shortcut-keys";

/** What a person may do decides which keys exist (the server checks every action anyway). */
export type ShortcutAbilities = { rollback: boolean; status: boolean; note: boolean };

type Shortcut = {
  keys: string;
  label: string;
  needs?: keyof ShortcutAbilities;
  run: (go: (href: string) => void) => unknown;
};

const SHORTCUTS: readonly Shortcut[] = [
  { keys: "p", label: "Plan a rollback: open the planner", needs: "rollback", run: () => openPlanner() },
  { keys: "s", label: "Change the status", needs: "status", run: () => focusCard("Status", "select") },
  { keys: "n", label: "Add a note", needs: "note", run: () => focusCard("Notes", "textarea") },
  { keys: "t", label: "Go to the timeline", run: () => focusCard("Timeline", null) },
  { keys: "c", label: "Go to communications", run: () => focusCard("Communications", null) },
  { keys: "g i", label: "Go to the incidents list", run: (go) => go("/incidents") },
];

export function IncidentShortcuts({ abilities }: { abilities: ShortcutAbilities }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const pending = useRef<string | null>(null);
  const available = SHORTCUTS.filter((s) => !s.needs || abilities[s.needs]);

  const openHelp = useCallback(() => {
    const d = dialog.current;
    if (!d || d.open) return;
    returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    d.showModal();
  }, []);

  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      // Another dialog (or ours) is open: its keys are its own.
      if (document.querySelector("dialog[open]")) return;
      const key = shortcutKey(e, e.target);
      if (!key) {
        pending.current = null;
        return;
      }
      if (key === "?") {
        e.preventDefault();
        openHelp();
        return;
      }
      const step = nextChord(pending.current, key);
      pending.current = step.pending;
      if (step.pending) return;
      const shortcut = available.find((s) => s.keys === step.chord);
      if (!shortcut) return;
      e.preventDefault();
      void shortcut.run((href) => router.push(href));
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [available, openHelp, router]);

  return (
    <>
      <button
        type="button"
        onClick={openHelp}
        aria-keyshortcuts="Shift+?"
        aria-haspopup="dialog"
        className="rounded-md border border-zinc-300 px-2 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Shortcuts <kbd className="font-mono text-xs">?</kbd>
      </button>
      <dialog
        ref={dialog}
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        onClose={() => {
          const back = returnTo.current;
          returnTo.current = null;
          if (back?.isConnected) back.focus();
        }}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl backdrop:bg-black/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <h2 id="shortcuts-title" className="mb-3 text-lg font-semibold">
          Keyboard shortcuts
        </h2>
        <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
          On the incident page, outside text fields. Esc closes this.
        </p>
        <dl className="space-y-2 text-sm" data-testid="shortcut-list">
          {[...available, { keys: "?", label: "Show these shortcuts" }].map((s) => (
            <div key={s.keys} className="flex items-center gap-3">
              <dt className="w-14 shrink-0">
                {s.keys.split(" ").map((k, i) => (
                  <kbd
                    key={i}
                    className="mr-1 inline-block min-w-6 rounded border border-zinc-300 bg-zinc-100 px-1.5 text-center font-mono text-xs dark:border-zinc-600 dark:bg-zinc-800"
                  >
                    {k}
                  </kbd>
                ))}
              </dt>
              <dd>{s.label}</dd>
            </div>
          ))}
        </dl>
        <form method="dialog" className="mt-4 flex justify-end">
          <button
            type="submit"
            autoFocus
            className="rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-500"
          >
            Close
          </button>
        </form>
      </dialog>
    </>
  );
}
