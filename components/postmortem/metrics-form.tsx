"use client";
import { useActionState, useState } from "react";
import { updateIncidentMetricsAction } from "@/lib/actions/update-incident-metrics";
import { ROOT_CAUSE_CATEGORIES } from "@/lib/postmortem/schemas";
import { Button } from "@/components/ui/button";
import { Select, TextArea, TextInput } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

type Initial = {
  impactStartedAt: string;
  detectedAt: string;
  decisionAt: string;
  dataLoss: string;
  rootCauseCategory: string;
  revenueImpact: string;
};

export function MetricsForm({ incidentId, initial }: { incidentId: string; initial: Initial }) {
  const [mode, setMode] = useState<"entered" | "estimated">("entered");
  const [state, action, pending] = useActionState(
    (_: unknown, form: FormData) => updateIncidentMetricsAction(form),
    null,
  );
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="mt-2 space-y-3" noValidate>
      <input type="hidden" name="incidentId" value={incidentId} />
      <TextInput
        name="impactStartedAt"
        label="Impact started at (UTC)"
        type="datetime-local"
        step={1}
        hint="When users were first hurt: the culprit change, else the first breach. Empty means unknown."
        defaultValue={initial.impactStartedAt}
        errors={errors?.impactStartedAt}
      />
      <TextInput
        name="detectedAt"
        label="Detected at (UTC)"
        type="datetime-local"
        step={1}
        hint="When it was noticed: the rule fired, the alert arrived, or someone declared."
        defaultValue={initial.detectedAt}
        errors={errors?.detectedAt}
      />
      <TextInput
        name="decisionAt"
        label="Decision at (UTC)"
        type="datetime-local"
        step={1}
        defaultValue={initial.decisionAt}
        errors={errors?.decisionAt}
      />
      <Select
        name="rootCauseCategory"
        label="Root-cause category"
        defaultValue={initial.rootCauseCategory}
        errors={errors?.rootCauseCategory}
      >
        <option value="">(not set)</option>
        {ROOT_CAUSE_CATEGORIES.map((c) => (
          <option key={c}>{c}</option>
        ))}
      </Select>
      <TextArea
        name="dataLoss"
        label="Data loss"
        rows={2}
        maxLength={2000}
        defaultValue={initial.dataLoss}
        placeholder="none, or what was lost"
        errors={errors?.dataLoss}
      />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Revenue impact</legend>
        <div className="flex gap-4 text-sm">
          {(["entered", "estimated"] as const).map((m) => (
            <label key={m} className="flex items-center gap-1">
              <input type="radio" name="revenueMode" value={m} checked={mode === m} onChange={() => setMode(m)} />
              {m === "entered" ? "Enter amount" : "Estimate from business metric"}
            </label>
          ))}
        </div>
        {mode === "entered" ? (
          <TextInput
            name="revenueImpact"
            label="Amount"
            inputMode="decimal"
            defaultValue={initial.revenueImpact}
            errors={errors?.revenueImpact}
          />
        ) : (
          <div className="grid gap-2 sm:grid-cols-3">
            <TextInput
              name="baselinePerSec"
              label="Baseline per second"
              inputMode="decimal"
              hint="e.g. orders/s before"
              errors={errors?.baselinePerSec}
            />
            <TextInput
              name="duringPerSec"
              label="During per second"
              inputMode="decimal"
              hint="orders/s during"
              errors={errors?.duringPerSec}
            />
            <TextInput
              name="valuePerUnit"
              label="Value per unit"
              inputMode="decimal"
              hint="average order value"
              errors={errors?.valuePerUnit}
            />
          </div>
        )}
      </fieldset>
      <FormMessage state={state} success="Saved." />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save metrics"}
      </Button>
    </form>
  );
}
