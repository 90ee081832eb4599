"use client";
import { useId, useState } from "react";
import type { TemplateView } from "@/lib/comms/templates";
import { Button } from "@/components/ui/button";

/** Restart the draft from a template (e.g. the "resolved" notice); asks before replacing edits. */
export function TemplatePicker({
  templates,
  current,
  onPick,
}: {
  templates: TemplateView[];
  current: { title: string; body: string };
  onPick: (t: TemplateView) => void;
}) {
  const id = useId();
  const [chosen, setChosen] = useState(0);
  if (templates.length === 0) return null;
  const use = () => {
    const t = templates[chosen];
    const untouched = templates.some((x) => x.title === current.title && x.body === current.body);
    if (untouched || window.confirm(`Replace the current draft with the template “${t.name}”?`)) onPick(t);
  };
  return (
    <div className="flex flex-wrap items-end gap-2">
      <label htmlFor={id} className="text-sm">
        Template{" "}
        <select
          id={id}
          value={chosen}
          onChange={(e) => setChosen(Number(e.target.value))}
          className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        >
          {templates.map((t, i) => (
            <option key={t.id ?? t.name} value={i}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <Button type="button" variant="secondary" onClick={use}>
        Use template
      </Button>
    </div>
  );
}
