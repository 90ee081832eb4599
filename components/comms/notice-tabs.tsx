"use client";
// Customer | Internal, as an accessible tab list (arrow keys move between tabs). Both editors stay
// mounted so switching never drops unsaved typing.
import { useId, useRef, useState, type KeyboardEvent } from "react";
import type { NoticeEditorData } from "@/lib/comms/notices";
import type { VariableDef } from "@/lib/comms/variables";
import { NoticeEditor } from "@/components/comms/notice-editor";

export function NoticeTabs(props: {
  incidentId: string;
  notices: NoticeEditorData[];
  variables: Record<string, VariableDef[]>;
  canEdit: boolean;
  canPublish: boolean;
}) {
  const base = useId();
  const [active, setActive] = useState(0);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: KeyboardEvent) => {
    const n = props.notices.length;
    const next =
      e.key === "ArrowRight"
        ? (active + 1) % n
        : e.key === "ArrowLeft"
          ? (active + n - 1) % n
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? n - 1
              : -1;
    if (next < 0) return;
    e.preventDefault();
    setActive(next);
    tabs.current[next]?.focus();
  };
  return (
    <div>
      <div
        role="tablist"
        aria-label="Notices"
        className="mb-3 flex gap-1 border-b border-zinc-200 dark:border-zinc-800"
        onKeyDown={onKey}
      >
        {props.notices.map((n, i) => (
          <button
            key={n.kind}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${n.kind}`}
            aria-controls={`${base}-panel-${n.kind}`}
            aria-selected={active === i}
            tabIndex={active === i ? 0 : -1}
            onClick={() => setActive(i)}
            className={`-mb-px border-b-2 px-3 py-1.5 text-sm font-medium ${active === i ? "border-blue-600 text-blue-700 dark:text-blue-400" : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"}`}
          >
            {n.kind === "customer" ? "Customer" : "Internal"}
            {n.versions[0] ? ` · v${n.versions[0].version}` : ""}
          </button>
        ))}
      </div>
      {props.notices.map((n, i) => (
        <div
          key={n.kind}
          role="tabpanel"
          id={`${base}-panel-${n.kind}`}
          aria-labelledby={`${base}-tab-${n.kind}`}
          hidden={active !== i}
        >
          <NoticeEditor
            incidentId={props.incidentId}
            notice={n}
            variables={props.variables[n.kind]}
            canEdit={props.canEdit}
            canPublish={props.canPublish}
          />
        </div>
      ))}
    </div>
  );
}
