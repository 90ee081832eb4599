// Published versions, newest first; each opens to the text as published and its diff to the one before.
import type { VersionView } from "@/lib/comms/notices";
import { formatUtc } from "@/lib/format/date";
import { MarkdownView } from "@/components/comms/markdown-view";

const LINE = {
  add: "bg-green-50 text-green-900 dark:bg-green-950 dark:text-green-200",
  remove: "bg-red-50 text-red-900 line-through dark:bg-red-950 dark:text-red-200",
  same: "text-zinc-500",
};
const SIGN = { add: "+", remove: "−", same: " " };

export function NoticeVersions({ versions, label }: { versions: VersionView[]; label: string }) {
  if (!versions.length) return <p className="text-sm text-zinc-500">Not published yet.</p>;
  return (
    <ol className="space-y-2" aria-label={`${label} versions`} data-testid="notice-versions">
      {versions.map((v) => (
        <li key={v.id} className="rounded-md border border-zinc-200 dark:border-zinc-800">
          <details>
            <summary className="cursor-pointer px-3 py-2 text-sm">
              <span className="font-semibold">v{v.version}</span> · {formatUtc(v.publishedAt, { seconds: false })}
              {v.publishedBy ? ` · ${v.publishedBy}` : ""} ·{" "}
              <span className="text-green-700 dark:text-green-400">+{v.added}</span>{" "}
              <span className="text-red-700 dark:text-red-400">−{v.removed}</span>
            </summary>
            <div className="space-y-3 border-t border-zinc-200 p-3 dark:border-zinc-800">
              <div>
                <h4 className="font-semibold break-words">{v.title}</h4>
                <MarkdownView html={v.html} />
              </div>
              <div>
                <h4 className="text-xs font-semibold uppercase text-zinc-500">Changes from v{v.version - 1 || "—"}</h4>
                <pre
                  className="mt-1 max-h-64 overflow-auto rounded bg-zinc-50 p-2 text-xs dark:bg-zinc-950"
                  aria-label={`Diff of v${v.version}`}
                >
                  {v.diff.map((l, i) => (
                    <div key={i} className={LINE[l.op]}>
                      <span aria-hidden="true">{SIGN[l.op]} </span>
                      <span className="sr-only">
                        {l.op === "add" ? "added: " : l.op === "remove" ? "removed: " : ""}
                      </span>
                      {l.text}
                    </div>
                  ))}
                </pre>
              </div>
            </div>
          </details>
        </li>
      ))}
    </ol>
  );
}
