"use client";
// The catalog editor's `gitops` section: the Argo CD Applications and Flux objects this service may hold.
import type { z } from "zod";
import { SelectSetting, TextSetting } from "@/lib/rollback/strategies/settings-fields";
import type { SectionContext, SettingsFormProps } from "@/lib/rollback/strategies/settings-form-types";
import { RECONCILER_KINDS, type gitopsSettingsSchema } from "./settings";

export type GitopsSettingsInput = z.input<typeof gitopsSettingsSchema>;
type RefInput = NonNullable<GitopsSettingsInput["holdable"]>[number];

const DEFAULT_NS = { Application: "argocd", Kustomization: "flux-system", HelmRelease: "flux-system" } as const;

export const emptyGitopsSettings = (s: SectionContext): GitopsSettingsInput => ({
  holdable: [{ kind: "Application", namespace: DEFAULT_NS.Application, name: s.name }],
});

const KINDS = RECONCILER_KINDS.map((k) => ({
  value: k,
  label: k === "Application" ? "Argo CD Application" : `Flux ${k}`,
}));

export function GitopsSettingsForm({
  value,
  onChange,
  path,
  errors,
  disabled,
}: SettingsFormProps<GitopsSettingsInput>) {
  const list = value.holdable ?? [];
  const emit = (holdable: RefInput[]) => onChange({ ...value, holdable });
  const c = { errors, disabled };
  return (
    <div className="space-y-3">
      {list.map((ref, i) => {
        const at = `${path}.holdable.${i}`;
        const set = (patch: Partial<RefInput>) => emit(list.map((r, j) => (j === i ? { ...r, ...patch } : r)));
        return (
          <fieldset key={i} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
            <legend className="px-1 text-xs font-semibold text-zinc-500">Holdable object {i + 1}</legend>
            <div className="grid gap-3 sm:grid-cols-3">
              <SelectSetting
                {...c}
                label="Kind"
                path={`${at}.kind`}
                value={ref.kind}
                options={KINDS}
                onChange={(v) => set({ kind: v })}
              />
              <TextSetting
                {...c}
                label="Namespace"
                path={`${at}.namespace`}
                value={ref.namespace}
                onChange={(v) => set({ namespace: v })}
                required
              />
              <TextSetting
                {...c}
                label="Name"
                path={`${at}.name`}
                value={ref.name}
                onChange={(v) => set({ name: v })}
                required
              />
            </div>
            {!disabled && (
              <button
                type="button"
                className="mt-2 text-sm text-red-700 underline dark:text-red-400"
                onClick={() => emit(list.filter((_, j) => j !== i))}
              >
                Remove holdable object {i + 1}
              </button>
            )}
          </fieldset>
        );
      })}
      {!disabled && (
        <button
          type="button"
          className="text-sm underline"
          onClick={() => emit([...list, { kind: "Kustomization", namespace: DEFAULT_NS.Kustomization, name: "" }])}
        >
          Add a holdable object
        </button>
      )}
    </div>
  );
}
