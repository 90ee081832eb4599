"use client";
// The catalog editor for one service: every setting, each strategy section from its own folder,
// the checks beside them, Save over the revision read (a conflict says who changed it and when, at
// the top, and keeps everything typed), and Delete.
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { deleteServiceAction } from "@/lib/actions/delete-service";
import { saveServiceAction } from "@/lib/actions/save-service";
import type { SettingsErrors } from "@/lib/rollback/strategies/settings-form-types";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CheckPanel } from "./check-panel";
import type { EditorSettings } from "./editor-types";
import { GeneralSettings } from "./general-settings";
import { StrategySections } from "./strategy-sections";
import { useChecks } from "./use-checks";

export type EditedService = {
  id: string;
  revision: number;
  /** Why the editor may not change it (from the catalog file), or null. */
  readOnly: string | null;
  updatedBy: string | null;
  updatedAt: string;
};

/** The save action keys field errors "settings.<path>"; the forms know the paths inside settings. */
const inSettings = (fe: Record<string, string[]> | undefined): SettingsErrors =>
  Object.fromEntries(Object.entries(fe ?? {}).map(([k, v]) => [k.replace(/^settings\./, ""), v]));

export function ServiceEditor({
  initial,
  service,
  contexts,
  from,
}: {
  initial: EditorSettings;
  service?: EditedService;
  contexts: string[];
  /** The discovered workloads a new service was proposed from. */
  from?: string[];
}) {
  const router = useRouter();
  const [value, setValue] = useState<EditorSettings>(initial);
  const [revision, setRevision] = useState(service?.revision);
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [message, setMessage] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  const [pending, setPending] = useState<"save" | "delete" | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const top = useRef<HTMLDivElement>(null);
  const checks = useChecks();
  const readOnly = service?.readOnly ?? null;
  const disabled = readOnly !== null || pending !== null;
  const set = (patch: Partial<EditorSettings>) => setValue((v) => ({ ...v, ...patch }));
  const say = (tone: "error" | "ok", text: string) => {
    setMessage({ tone, text });
    requestAnimationFrame(() => top.current?.focus());
  };

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setPending("save");
    setMessage(null);
    try {
      const res = await saveServiceAction({ id: service?.id, revision, settings: value });
      if (!res.ok) {
        setErrors(inSettings(res.fieldErrors));
        say("error", res.error);
        return;
      }
      setErrors({});
      setRevision(res.data.revision);
      if (!service) {
        router.push(`/admin/services/${res.data.id}/edit?created=1`);
        return;
      }
      say("ok", res.data.outcome === "unchanged" ? "Nothing changed." : `Saved (revision ${res.data.revision}).`);
      router.refresh();
    } catch {
      say("error", "The service could not be saved: the server did not answer. Nothing you typed was lost.");
    } finally {
      setPending(null);
    }
  }

  async function remove() {
    if (!service) return;
    setPending("delete");
    try {
      const res = await deleteServiceAction({ id: service.id, revision });
      if (!res.ok) {
        say("error", res.error);
        return;
      }
      router.push("/admin/services");
      router.refresh();
    } catch {
      say("error", "The service could not be deleted: the server did not answer.");
    } finally {
      setPending(null);
      setConfirmDelete(false);
    }
  }

  return (
    <form onSubmit={save} noValidate aria-label={service ? `Settings of ${initial.name}` : "New service"}>
      <div ref={top} tabIndex={-1} className="mb-3 space-y-2 focus:outline-none">
        {readOnly && (
          <p
            data-testid="read-only"
            className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
          >
            <Badge tone="neutral">read-only</Badge> {readOnly}
          </p>
        )}
        {message && (
          <p
            role={message.tone === "error" ? "alert" : "status"}
            data-testid="editor-message"
            className={
              message.tone === "error"
                ? "rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
                : "text-sm text-green-700 dark:text-green-400"
            }
          >
            {message.text}
          </p>
        )}
        {from?.length ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Proposed from discovered workloads: <span className="font-mono text-xs">{from.join(", ")}</span>. Nothing is
            saved until you save.
          </p>
        ) : null}
        {service && (
          <p className="text-xs text-zinc-500">
            Revision {revision}
            {service.updatedBy ? `, last changed by ${service.updatedBy}` : ""} at {service.updatedAt}
          </p>
        )}
      </div>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="space-y-4">
          <GeneralSettings
            value={value}
            set={set}
            errors={errors}
            disabled={disabled}
            checks={checks.checks}
            contexts={contexts}
            onPreview={(s) => checks.previewOne(s, value)}
            onProbe={(k) => value[k] && checks.probeOne(k, value[k]!)}
          />
          <StrategySections value={value} set={set} errors={errors} disabled={disabled} />
          {!readOnly && (
            <div className="flex flex-wrap items-center gap-2">
              <Button type="submit" disabled={pending !== null}>
                {pending === "save" ? "Saving…" : service ? "Save service" : "Create service"}
              </Button>
              {service && !confirmDelete && (
                <Button type="button" variant="secondary" onClick={() => setConfirmDelete(true)}>
                  Delete
                </Button>
              )}
              {service && confirmDelete && (
                <>
                  <Button type="button" variant="danger" onClick={remove} disabled={pending !== null}>
                    {pending === "delete" ? "Deleting…" : `Delete ${initial.name} for good`}
                  </Button>
                  <Button type="button" variant="ghost" onClick={() => setConfirmDelete(false)}>
                    Keep it
                  </Button>
                </>
              )}
            </div>
          )}
        </div>
        <CheckPanel
          checks={checks.checks}
          otherUrls={checks.otherUrls}
          busy={checks.busy}
          error={checks.error}
          onRun={() => checks.runAll(value)}
        />
      </div>
    </form>
  );
}
