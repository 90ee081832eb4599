"use client";
// Every setting of a service outside its strategy sections, each with its check result beside it.
import {
  CheckboxSetting,
  ListSetting,
  NumberSetting,
  SelectSetting,
  TextAreaSetting,
  TextSetting,
} from "@/lib/rollback/strategies/settings-fields";
import { optionalText as optional } from "@/lib/rollback/strategies/form-fields";
import { DEFAULT_QUERIES, SIGNALS, SIGNAL_NAMES } from "@/lib/prometheus/signals";
import { TRIGGER_POLICIES } from "@/lib/services/service-settings";
import { CheckResult } from "./check-result";
import { URL_FIELDS, type EditorProps, type EditorSettings } from "./editor-types";

const section = "space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900";

const POLICY_LABELS: Record<(typeof TRIGGER_POLICIES)[number], string> = {
  off: "Off: no automatic triggers",
  notify: "Notify: a breach alerts the team",
  auto: "Auto: a breach rolls back by itself",
};

export function GeneralSettings({
  value,
  set,
  errors,
  disabled,
  checks,
  contexts,
  onPreview,
  onProbe,
}: EditorProps & { contexts: string[] }) {
  const c = { errors, disabled };
  return (
    <>
      <fieldset className={section}>
        <legend className="px-1 font-semibold">General</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          <TextSetting {...c} label="Name" path="name" value={value.name} onChange={(v) => set({ name: v })} required />
          <TextSetting
            {...c}
            label="Description"
            path="description"
            value={value.description}
            onChange={(v) => set({ description: v })}
          />
          <TextSetting
            {...c}
            label="Owning team"
            path="team"
            value={value.team}
            onChange={(v) => set({ team: optional(v) })}
            hint="Only this team's members (and admins) may roll it back; teams come from the OIDC group policy. Empty: every commander."
          />
        </div>
      </fieldset>

      <fieldset className={section}>
        <legend className="px-1 font-semibold">Cluster and workloads</legend>
        <CheckResult check={checks.cluster} testId="check-cluster" />
        {checks.cluster?.missing?.length ? (
          <ul className="space-y-1 text-xs text-red-700 dark:text-red-400" data-testid="check-missing-permissions">
            {checks.cluster.missing.map((m) => (
              <li key={m.strategy}>
                <span className="font-semibold">{m.strategy}</span>: {m.lines.join("; ")}
              </li>
            ))}
          </ul>
        ) : null}
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <TextSetting
              {...c}
              label="Kubeconfig context"
              path="clusterContext"
              value={value.clusterContext}
              onChange={(v) => set({ clusterContext: v })}
              hint={contexts.length ? `Found: ${contexts.join(", ")} ("default" = the current one)` : undefined}
            />
          </div>
          <TextSetting
            {...c}
            label="Namespace"
            path="namespace"
            value={value.namespace}
            onChange={(v) => set({ namespace: v })}
          />
        </div>
        <ListSetting
          {...c}
          label="Deployments (one per line)"
          path="deployments"
          value={value.deployments}
          onChange={(v) => set({ deployments: v })}
          hint="The workloads a Deployment undo may act on."
        />
      </fieldset>

      <fieldset className={section}>
        <legend className="px-1 font-semibold">URLs</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          {URL_FIELDS.map((f) => (
            <div key={f.key} className="space-y-1">
              <TextSetting
                {...c}
                type="url"
                label={f.label}
                path={f.key}
                value={value[f.key]}
                onChange={(v) => set({ [f.key]: optional(v) })}
                hint={f.hint}
              />
              <div className="flex items-start gap-2">
                {value[f.key] && (
                  <button type="button" className="text-xs underline" onClick={() => onProbe(f.key)}>
                    Probe {f.label.toLowerCase()}
                  </button>
                )}
                <CheckResult check={checks.urls[f.key]} testId={`check-url-${f.key}`} />
              </div>
            </div>
          ))}
        </div>
      </fieldset>

      <fieldset className={section}>
        <legend className="px-1 font-semibold">PromQL per signal</legend>
        <p className="text-xs text-zinc-500">
          Empty: the default query below. <code>$service</code> is the service name, <code>$window</code> the rate
          window.
        </p>
        {SIGNAL_NAMES.map((s) => (
          <div key={s} className="space-y-1">
            <TextAreaSetting
              {...c}
              mono
              rows={2}
              label={SIGNALS[s].label}
              path={`promQueries.${s}`}
              value={value.promQueries[s]}
              onChange={(v) => set({ promQueries: { ...value.promQueries, [s]: optional(v) } })}
            />
            <p className="break-words font-mono text-[11px] text-zinc-500">Default: {DEFAULT_QUERIES[s]}</p>
            <div className="flex items-start gap-2">
              <button type="button" className="shrink-0 text-xs underline" onClick={() => onPreview(s)}>
                Preview {SIGNALS[s].label.toLowerCase()}
              </button>
              <CheckResult check={checks.promql[s]} testId={`check-promql-${s}`} />
            </div>
          </div>
        ))}
      </fieldset>

      <TriggerSettings value={value} set={set} errors={errors} disabled={disabled} />

      <fieldset className={section}>
        <legend className="px-1 font-semibold">Approvals and rollout</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          <CheckboxSetting
            {...c}
            label="Rollbacks need a second approver"
            path="needsSecondApprover"
            checked={value.needsSecondApprover}
            onChange={(v) => set({ needsSecondApprover: v })}
          />
          <NumberSetting
            {...c}
            label="Rollout timeout (seconds)"
            path="rolloutTimeoutSec"
            min={10}
            max={3600}
            value={value.rolloutTimeoutSec}
            onChange={(v) => set({ rolloutTimeoutSec: v })}
          />
        </div>
      </fieldset>
    </>
  );
}

function TriggerSettings({ value, set, errors, disabled }: Pick<EditorProps, "value" | "set" | "errors" | "disabled">) {
  const c = { errors, disabled };
  const t = value.triggerConfig;
  const setRule = <K extends "errorRate" | "p95Latency" | "healthSuccess" | "business">(
    rule: K,
    patch: Partial<EditorSettings["triggerConfig"][K]>,
  ) => set({ triggerConfig: { ...t, [rule]: { ...t[rule], ...patch } } });
  const num = (label: string, path: string, v: number, on: (n: number) => void, step = 1) => (
    <NumberSetting {...c} label={label} path={path} value={v} step={step} onChange={on} />
  );
  return (
    <fieldset className={section}>
      <legend className="px-1 font-semibold">Trigger policy and thresholds</legend>
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectSetting
          {...c}
          label="Policy"
          path="triggerPolicy"
          value={value.triggerPolicy}
          options={TRIGGER_POLICIES.map((p) => ({ value: p, label: POLICY_LABELS[p] }))}
          onChange={(v) => set({ triggerPolicy: v })}
        />
        {num("Rate window (s)", "triggerConfig.rateWindowSec", t.rateWindowSec, (n) =>
          set({ triggerConfig: { ...t, rateWindowSec: n } }),
        )}
        {num(
          "Cooldown after an automatic rollback (s)",
          "triggerConfig.autoRollbackCooldownSec",
          t.autoRollbackCooldownSec,
          (n) => set({ triggerConfig: { ...t, autoRollbackCooldownSec: n } }),
        )}
      </div>
      <div className="grid gap-3 md:grid-cols-2">
        <Rule
          title="Error rate"
          enabled={t.errorRate.enabled}
          on={(e) => setRule("errorRate", { enabled: e })}
          {...c}
          path="triggerConfig.errorRate"
        >
          {num(
            "Threshold (ratio, 0–1)",
            "triggerConfig.errorRate.threshold",
            t.errorRate.threshold,
            (n) => setRule("errorRate", { threshold: n }),
            0.001,
          )}
          {num("For (s)", "triggerConfig.errorRate.forSec", t.errorRate.forSec, (n) =>
            setRule("errorRate", { forSec: n }),
          )}
        </Rule>
        <Rule
          title="p95 latency"
          enabled={t.p95Latency.enabled}
          on={(e) => setRule("p95Latency", { enabled: e })}
          {...c}
          path="triggerConfig.p95Latency"
        >
          {num(
            "Factor over baseline",
            "triggerConfig.p95Latency.factor",
            t.p95Latency.factor,
            (n) => setRule("p95Latency", { factor: n }),
            0.1,
          )}
          {num("For (s)", "triggerConfig.p95Latency.forSec", t.p95Latency.forSec, (n) =>
            setRule("p95Latency", { forSec: n }),
          )}
          {num("Baseline window (s, 0 = same)", "triggerConfig.p95Latency.baselineSec", t.p95Latency.baselineSec, (n) =>
            setRule("p95Latency", { baselineSec: n }),
          )}
        </Rule>
        <Rule
          title="Health checks"
          enabled={t.healthSuccess.enabled}
          on={(e) => setRule("healthSuccess", { enabled: e })}
          {...c}
          path="triggerConfig.healthSuccess"
        >
          {num(
            "Max failing (ratio)",
            "triggerConfig.healthSuccess.maxFailingRatio",
            t.healthSuccess.maxFailingRatio,
            (n) => setRule("healthSuccess", { maxFailingRatio: n }),
            0.01,
          )}
          {num("For (s)", "triggerConfig.healthSuccess.forSec", t.healthSuccess.forSec, (n) =>
            setRule("healthSuccess", { forSec: n }),
          )}
        </Rule>
        <Rule
          title="Business metric"
          enabled={t.business.enabled}
          on={(e) => setRule("business", { enabled: e })}
          {...c}
          path="triggerConfig.business"
        >
          {num(
            "Max drop (ratio)",
            "triggerConfig.business.maxDropRatio",
            t.business.maxDropRatio,
            (n) => setRule("business", { maxDropRatio: n }),
            0.01,
          )}
          {num("For (s)", "triggerConfig.business.forSec", t.business.forSec, (n) =>
            setRule("business", { forSec: n }),
          )}
          {num("Baseline window (s, 0 = same)", "triggerConfig.business.baselineSec", t.business.baselineSec, (n) =>
            setRule("business", { baselineSec: n }),
          )}
        </Rule>
      </div>
    </fieldset>
  );
}

function Rule({
  title,
  enabled,
  on,
  path,
  errors,
  disabled,
  children,
}: {
  title: string;
  enabled: boolean;
  on: (v: boolean) => void;
  path: string;
  errors: EditorProps["errors"];
  disabled: boolean;
  children: React.ReactNode;
}) {
  return (
    <div className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <CheckboxSetting
        label={`${title} rule`}
        path={`${path}.enabled`}
        errors={errors}
        disabled={disabled}
        checked={enabled}
        onChange={on}
      />
      {enabled && <div className="grid gap-2 sm:grid-cols-3">{children}</div>}
    </div>
  );
}
