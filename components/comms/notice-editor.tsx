"use client";
// One notice (customer or internal): markdown with variable buttons, a live preview from the
// server (the same renderer as publishing), autosave a second after typing stops, and publish.
import { useActionState, useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { publishNoticeAction } from "@/lib/actions/publish-notice";
import { saveNoticeDraftAction } from "@/lib/actions/save-notice-draft";
import type { NoticeEditorData, Preview } from "@/lib/comms/notices";
import type { VariableDef } from "@/lib/comms/variables";
import { formatUtc } from "@/lib/format/date";
import { fetchJson, isFetchError, isSessionExpired } from "@/lib/http/fetch-json";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SessionExpiredNotice, useSessionExpiry } from "@/components/auth/session-expiry";
import { MarkdownView } from "@/components/comms/markdown-view";
import { NoticeVersions } from "@/components/comms/notice-versions";
import { TemplatePicker } from "@/components/comms/template-picker";

type Save = { state: "idle" | "saving" | "saved" | "error"; at: string | null; error?: string };

export function NoticeEditor({
  incidentId,
  notice,
  variables,
  canEdit,
  canPublish,
}: {
  incidentId: string;
  notice: NoticeEditorData;
  variables: VariableDef[];
  canEdit: boolean;
  canPublish: boolean;
}) {
  const { kind } = notice;
  const label = kind === "customer" ? "Customer notice" : "Internal notice";
  const router = useRouter();
  const { markExpired } = useSessionExpiry();
  const [title, setTitle] = useState(notice.title);
  const [body, setBody] = useState(notice.body);
  const [save, setSave] = useState<Save>({ state: notice.savedAt ? "saved" : "idle", at: notice.savedAt });
  const [preview, setPreview] = useState<Preview>(notice.preview);
  const [previewState, setPreviewState] = useState<{ pending: boolean; error?: string; expired?: boolean }>({
    pending: false,
  });
  const textarea = useRef<HTMLTextAreaElement>(null);
  const baseSavedAt = useRef(notice.savedAt ?? "");
  const timers = useRef<{ save?: ReturnType<typeof setTimeout>; preview?: ReturnType<typeof setTimeout> }>({});
  const previewSeq = useRef(0);

  useEffect(() => {
    const t = timers.current;
    return () => {
      clearTimeout(t.save);
      clearTimeout(t.preview);
    };
  }, []);

  async function saveNow(t: string, b: string) {
    setSave((s) => ({ ...s, state: "saving" }));
    const r = await saveNoticeDraftAction({ incidentId, kind, title: t, body: b, baseSavedAt: baseSavedAt.current });
    if (r.ok) {
      baseSavedAt.current = r.data.savedAt;
      setSave({ state: "saved", at: r.data.savedAt });
    } else {
      const detail = r.fieldErrors ? Object.values(r.fieldErrors).flat().join(" ") : r.error;
      setSave((s) => ({ ...s, state: "error", error: detail }));
    }
  }

  async function refreshPreview(t: string, b: string) {
    const seq = ++previewSeq.current;
    try {
      const data = await fetchJson<Preview>("/api/comms/preview", {
        method: "POST",
        json: { incidentId, kind, title: t, body: b },
      });
      if (seq !== previewSeq.current) return;
      setPreview(data);
      setPreviewState({ pending: false });
    } catch (e) {
      if (seq !== previewSeq.current) return;
      const error =
        !isFetchError(e) || e.code === "network"
          ? "Preview unavailable (connection lost). Your text is kept."
          : `${e.message}${e.sessionExpired ? "" : " Your text is kept."}`;
      setPreviewState({ pending: false, error, expired: isSessionExpired(e) });
      if (isSessionExpired(e)) markExpired();
    }
  }

  function edit(t: string, b: string) {
    setTitle(t);
    setBody(b);
    setPreviewState((p) => ({ ...p, pending: true }));
    clearTimeout(timers.current.preview);
    timers.current.preview = setTimeout(() => void refreshPreview(t, b), 350);
    clearTimeout(timers.current.save);
    timers.current.save = setTimeout(() => void saveNow(t, b), 1000);
  }

  function insert(name: string) {
    const el = textarea.current;
    const token = `{{${name}}}`;
    const start = el?.selectionStart ?? body.length;
    const end = el?.selectionEnd ?? body.length;
    edit(title, body.slice(0, start) + token + body.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  const [published, publish, publishing] = useActionState(async (_: unknown, form: FormData) => {
    clearTimeout(timers.current.save); // publishing saves the draft too
    const r = await publishNoticeAction(form);
    if (r.ok) router.refresh();
    return r;
  }, null);
  const errors = published && !published.ok ? published.fieldErrors : undefined;

  const previewBox = (
    <div
      className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
      aria-busy={previewState.pending}
      data-testid={`${kind}-preview`}
    >
      <h3 className="mb-1 text-xs font-semibold uppercase text-zinc-500">
        {canEdit ? "Preview" : "Draft (not published)"}
        {previewState.pending ? " · updating…" : ""}
      </h3>
      <p className="font-semibold break-words">{preview.title}</p>
      <MarkdownView html={preview.html} />
      {previewState.expired ? (
        <div className="mt-2">
          <SessionExpiredNotice what="Preview unavailable; your text is still here (copy it before leaving)." />
        </div>
      ) : (
        previewState.error && (
          <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
            {previewState.error}
          </p>
        )
      )}
    </div>
  );

  if (!canEdit) {
    return (
      <div className="space-y-3">
        {previewBox}
        <h3 className="text-sm font-semibold">Published</h3>
        <NoticeVersions versions={notice.versions} label={label} />
      </div>
    );
  }

  return (
    <div className="space-y-3">
      <form action={publish} className="space-y-3" noValidate>
        <input type="hidden" name="incidentId" value={incidentId} />
        <input type="hidden" name="kind" value={kind} />
        <TemplatePicker templates={notice.templates} onPick={(t) => edit(t.title, t.body)} current={{ title, body }} />
        <Field name={`${kind}-title`} label={`${label} title`} errors={errors?.title}>
          {(p) => (
            <input {...p} name="title" value={title} maxLength={300} onChange={(e) => edit(e.target.value, body)} />
          )}
        </Field>
        <div role="group" aria-label="Insert a variable" className="flex flex-wrap gap-1">
          {variables.map((v) => (
            <button
              key={v.name}
              type="button"
              onClick={() => insert(v.name)}
              title={`${v.description}: inserts {{${v.name}}}`}
              aria-label={`Insert ${v.label} ({{${v.name}}})`}
              className="rounded border border-zinc-300 px-1.5 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            >
              {v.label}
            </button>
          ))}
        </div>
        <Field
          name={`${kind}-body`}
          label={`${label} (markdown)`}
          errors={errors?.body}
          hint="Variables like {{incident.impact}} are filled in when you publish."
        >
          {(p) => (
            <textarea
              {...p}
              ref={textarea}
              name="body"
              rows={12}
              value={body}
              onChange={(e) => edit(title, e.target.value)}
              className={`${p.className} font-mono`}
            />
          )}
        </Field>
        <p className="text-xs text-zinc-500" role="status" data-testid={`${kind}-save-state`}>
          {save.state === "saving"
            ? "Saving…"
            : save.state === "saved" && save.at
              ? `Saved ${formatUtc(save.at, { date: false })}`
              : save.state === "error"
                ? ""
                : "Not saved yet"}
        </p>
        {save.state === "error" && <FormMessage state={{ ok: false, error: `Draft not saved: ${save.error}` }} />}
        {preview.unknown.length > 0 && (
          <p
            role="alert"
            className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
          >
            Unknown here: {preview.unknown.map((u) => `{{${u}}}`).join(", ")}. Fix before publishing.
          </p>
        )}
        {preview.missing.length > 0 && (
          <p className="text-xs text-zinc-500">
            No value yet for {preview.missing.map((u) => `{{${u}}}`).join(", ")} (shows as “not set”).
          </p>
        )}
        {previewBox}
        <FormMessage state={published} />
        <div className="flex flex-wrap items-center gap-2">
          {canPublish && (
            <Button type="submit" disabled={publishing}>
              {publishing ? "Publishing…" : `Publish ${kind} notice`}
            </Button>
          )}
          {published?.ok && (
            <span role="status" className="text-sm text-green-700 dark:text-green-400">
              Published v{published.data.version} at {formatUtc(published.data.publishedAt, { date: false })}
            </span>
          )}
        </div>
      </form>
      <h3 className="text-sm font-semibold">Published versions</h3>
      <NoticeVersions versions={notice.versions} label={label} />
    </div>
  );
}
