"use client";
// The service's strategy sections: each one's form from its own folder, added and removed here.
import {
  SECTION_KEYS,
  SETTINGS_FORMS,
  type SectionInput,
  type SectionKey,
} from "@/lib/rollback/strategies/settings-forms";
import {
  errorsUnder,
  type SectionContext,
  type SettingsFormProps,
} from "@/lib/rollback/strategies/settings-form-types";
import { Button } from "@/components/ui/button";
import type { EditorProps } from "./editor-types";

export function StrategySections({
  value,
  set,
  errors,
  disabled,
}: Pick<EditorProps, "value" | "set" | "errors" | "disabled">) {
  const strategies = value.strategies;
  const ctx: SectionContext = {
    name: value.name,
    namespace: value.namespace,
    clusterContext: value.clusterContext,
    deployments: value.deployments,
  };
  const setSection = <K extends SectionKey>(key: K, v: SectionInput<K> | undefined) => {
    const next = { ...strategies, [key]: v };
    if (v === undefined) delete next[key];
    set({ strategies: next });
  };
  const missing = SECTION_KEYS.filter((k) => strategies[k] === undefined);
  return (
    <section
      aria-labelledby="strategy-sections"
      className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id="strategy-sections" className="font-semibold">
        Strategies
      </h2>
      <p className="text-xs text-zinc-500">
        Deployment undo is offered for the Deployments above. The planner offers only what a section here configures.
      </p>
      {SECTION_KEYS.map((key) => (
        <Section
          key={key}
          k={key}
          value={strategies[key]}
          onChange={(v) => setSection(key, v)}
          errors={errors}
          disabled={disabled}
        />
      ))}
      {!disabled && missing.length > 0 && (
        <div className="flex flex-wrap gap-2">
          {missing.map((k) => (
            <Button
              key={k}
              type="button"
              variant="secondary"
              onClick={() => setSection(k, SETTINGS_FORMS[k].empty(ctx))}
            >
              Add {SETTINGS_FORMS[k].label.toLowerCase()}
            </Button>
          ))}
        </div>
      )}
    </section>
  );
}

function Section<K extends SectionKey>({
  k,
  value,
  onChange,
  errors,
  disabled,
}: {
  k: K;
  value: SectionInput<K> | undefined;
  onChange: (v: SectionInput<K> | undefined) => void;
  errors: EditorProps["errors"];
  disabled: boolean;
}) {
  if (value === undefined) return null;
  const entry = SETTINGS_FORMS[k];
  // The mapped registry type loses the link between K and its form; it holds by construction.
  const Form = entry.Form as unknown as React.ComponentType<SettingsFormProps<SectionInput<K>>>;
  const path = `strategies.${k}`;
  const problems = errorsUnder(errors, path);
  return (
    <fieldset
      data-testid={`section-${k}`}
      className="space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
      aria-invalid={problems.length > 0}
    >
      <legend className="px-1 text-sm font-semibold">
        {entry.label} <span className="font-normal text-zinc-500">({entry.enables})</span>
      </legend>
      <Form value={value} onChange={onChange} path={path} errors={errors} disabled={disabled} />
      {!disabled && (
        <button
          type="button"
          className="text-sm text-red-700 underline dark:text-red-400"
          onClick={() => onChange(undefined)}
        >
          Remove {entry.label.toLowerCase()} settings
        </button>
      )}
    </fieldset>
  );
}
