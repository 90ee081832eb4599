"use client";
// Runs the settings checks from the editor (all at once, or one PromQL / one URL) and keeps their
// results by field; each field shows "Checking…" while its check runs.
import { useCallback, useState } from "react";
import { checkServiceSettingsAction } from "@/lib/actions/check-service-settings";
import { previewPromqlAction } from "@/lib/actions/preview-promql";
import { probeUrlAction } from "@/lib/actions/probe-url";
import { DEFAULT_QUERIES, SIGNAL_NAMES, type SignalName } from "@/lib/prometheus/signals";
import type { FieldErrors } from "@/lib/actions/define-action";
import { clusterCheck, promqlCheck, urlCheck } from "./check-view";
import { URL_FIELDS, type Checks, type EditorSettings, type FieldCheck, type UrlKey } from "./editor-types";

const running: FieldCheck = { state: "running" };

export function useChecks() {
  const [checks, setChecks] = useState<Checks>({ promql: {}, urls: {} });
  /** URLs inside strategy sections (e.g. strategies.blueGreen.versionUrl), by their path. */
  const [otherUrls, setOtherUrls] = useState<{ field: string; check: FieldCheck }[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; fieldErrors?: FieldErrors } | null>(null);

  const runAll = useCallback(async (settings: EditorSettings) => {
    setBusy(true);
    setError(null);
    setChecks({
      cluster: running,
      promql: Object.fromEntries(SIGNAL_NAMES.map((s) => [s, running])),
      urls: Object.fromEntries(URL_FIELDS.filter((f) => settings[f.key]).map((f) => [f.key, running])),
    });
    try {
      const res = await checkServiceSettingsAction(settings);
      if (!res.ok) {
        setChecks({ promql: {}, urls: {} });
        setError({ message: res.error, fieldErrors: res.fieldErrors });
        return;
      }
      const { access, promql, urls } = res.data;
      const top = new Set<string>(URL_FIELDS.map((f) => f.key));
      setChecks({
        cluster: clusterCheck(access),
        promql: Object.fromEntries(SIGNAL_NAMES.map((s) => [s, promqlCheck(promql[s])])),
        urls: Object.fromEntries(urls.filter((u) => top.has(u.field)).map((u) => [u.field, urlCheck(u)])),
      });
      setOtherUrls(urls.filter((u) => !top.has(u.field)).map((u) => ({ field: u.field, check: urlCheck(u) })));
    } catch {
      setChecks({ promql: {}, urls: {} });
      setError({ message: "The checks could not be run: the server did not answer." });
    } finally {
      setBusy(false);
    }
  }, []);

  const previewOne = useCallback(async (signal: SignalName, settings: EditorSettings) => {
    setChecks((c) => ({ ...c, promql: { ...c.promql, [signal]: running } }));
    const res = await previewPromqlAction({
      query: settings.promQueries[signal] ?? DEFAULT_QUERIES[signal],
      serviceName: settings.name,
      rateWindowSec: settings.triggerConfig.rateWindowSec,
    }).catch(() => null);
    const check: FieldCheck = !res
      ? { state: "error", summary: "Not previewed: the server did not answer." }
      : res.ok
        ? promqlCheck(res.data)
        : {
            state: "error",
            summary: "Not previewed",
            detail: Object.values(res.fieldErrors ?? {}).flat()[0] ?? res.error,
          };
    setChecks((c) => ({ ...c, promql: { ...c.promql, [signal]: check } }));
  }, []);

  const probeOne = useCallback(async (key: UrlKey, url: string) => {
    setChecks((c) => ({ ...c, urls: { ...c.urls, [key]: running } }));
    const res = await probeUrlAction({ url }).catch(() => null);
    const check: FieldCheck = !res
      ? { state: "error", summary: "Not probed: the server did not answer." }
      : res.ok
        ? urlCheck(res.data)
        : {
            state: "error",
            summary: "Not probed",
            detail: Object.values(res.fieldErrors ?? {}).flat()[0] ?? res.error,
          };
    setChecks((c) => ({ ...c, urls: { ...c.urls, [key]: check } }));
  }, []);

  return { checks, otherUrls, busy, error, runAll, previewOne, probeOne };
}
