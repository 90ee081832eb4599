"use client";
// Pick a strategy → Plan (server-side dry run) → read the diff → type the service name → Roll back.
import Link from "next/link";
import { useCallback, useMemo, useState } from "react";
import { planRollbackAction } from "@/lib/actions/plan-rollback";
import { startRollbackAction } from "@/lib/actions/start-rollback";
import type { StrategyKind } from "@/lib/rollback/strategies";
import { configuredKinds } from "@/lib/rollback/strategies/settings";
import type { PlanView } from "@/lib/rollback/redact";
import { targetsOf, type ServiceSettingsRow } from "@/lib/services/service-settings";
import { Button } from "@/components/ui/button";
import { HoldButton } from "@/components/gitops/hold-button";
import { HoldSteps } from "@/components/gitops/hold-steps";
import type { ManagedByNote } from "@/lib/gitops/managed-by";
import { holdKey } from "@/lib/gitops/planned-hold";
import { STRATEGY_FORMS, type AnyFormParams } from "./forms";
import { PlanPreview } from "./plan-preview";

/** The service row the planner reads: what `targetsOf` needs, and its id. */
export type PlannerService = { id: string } & Pick<
  ServiceSettingsRow,
  "name" | "clusterContext" | "namespace" | "deployments" | "strategyConfig"
> &
  Partial<Pick<ServiceSettingsRow, "statefulSets" | "daemonSets">>;

type Planned = { actionId: string; plan: PlanView };

// Same strategy and parameters in this dialog → same key → the same planned rollback.
function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16);
}

const describeError = (r: { error: string; fieldErrors?: Record<string, string[]> }) =>
  r.fieldErrors
    ? `${r.error} ${Object.entries(r.fieldErrors)
        .map(([k, v]) => `${k}: ${v.join(" ")}`)
        .join("; ")}`
    : r.error;

export function RollbackPlanner({
  incidentId,
  service,
  initialStrategy,
  prefill,
  onStarted,
  onClose,
}: {
  incidentId: string;
  service: PlannerService;
  initialStrategy?: string;
  /** Form values to open with ("Roll back this change"); the form keeps only what the settings allow. */
  prefill?: Readonly<Record<string, string>>;
  onStarted: () => void;
  onClose: () => void;
}) {
  const targets = useMemo(() => targetsOf(service), [service]);
  // Only what the service configures: the server refuses the rest anyway.
  const kinds = useMemo(() => configuredKinds(targets), [targets]);
  const [chosen, setKind] = useState<string | undefined>(initialStrategy);
  const kind = kinds.find((k) => k === chosen) ?? kinds[0];
  // What the form reports, tagged with its kind so a switch never sends another form's params.
  const [draft, setDraft] = useState<{ kind: StrategyKind; params: AnyFormParams } | null>(null);
  const [planned, setPlanned] = useState<Planned | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"plan" | "start" | null>(null);
  const [confirmation, setConfirmation] = useState("");
  // The plan's GitOps hold steps the commander unticked (holdKey); every one is on as offered.
  const [skippedHolds, setSkippedHolds] = useState<ReadonlySet<string>>(new Set());
  // One key per opened dialog: a double click or a retried request is the same rollback.
  const [key] = useState(() => crypto.randomUUID());
  const onParams = useCallback(
    (params: AnyFormParams) => {
      setDraft({ kind, params });
      setPlanned(null);
    },
    [kind],
  );

  if (!kind)
    return (
      <div
        className="space-y-2 rounded-md border border-zinc-300 p-4 text-sm dark:border-zinc-700"
        role="region"
        aria-label="Plan a rollback"
      >
        <p>
          No rollback strategy is configured for this service. An admin can set one up in{" "}
          <Link href={`/services/${service.id}`} className="underline">
            the service&apos;s settings
          </Link>
          .
        </p>
        <Button type="button" variant="ghost" onClick={onClose}>
          Close
        </Button>
      </div>
    );
  const { Form } = STRATEGY_FORMS[kind];

  async function plan() {
    if (!draft || draft.kind !== kind) return;
    setBusy("plan");
    setError(null);
    const { params } = draft;
    const r = await planRollbackAction({
      incidentId,
      serviceId: service.id,
      strategy: kind,
      params,
      idempotencyKey: `${key}:${fingerprint(`${kind}:${JSON.stringify(params)}`)}`,
    });
    setBusy(null);
    if (r.ok) {
      setPlanned({ actionId: r.data.actionId, plan: r.data.plan });
      setSkippedHolds(new Set());
    } else setError(describeError(r));
  }

  async function start() {
    if (!planned) return;
    setBusy("start");
    setError(null);
    const skipGitopsHolds = (planned.plan.gitopsHolds ?? [])
      .filter((h) => skippedHolds.has(holdKey(h.ref)))
      .map((h) => h.ref);
    const r = await startRollbackAction({ actionId: planned.actionId, confirmation, skipGitopsHolds });
    setBusy(null);
    if (r.ok) onStarted();
    else setError(describeError(r));
  }

  /** Beside a managed-by note: the standalone hold button, unless the plan runs that hold as a step. */
  function noteAction(n: ManagedByNote, plan: PlanView) {
    if (!n.holdable || plan.noop) return null;
    const key = holdKey(n.holdable);
    if (plan.gitopsHolds?.some((h) => holdKey(h.ref) === key)) return null;
    if (n.holdAllowed) return <HoldButton incidentId={incidentId} serviceId={service.id} holdable={n.holdable} />;
    return (
      <p className="text-xs">
        {n.holdable.kind} {n.holdable.namespace}/{n.holdable.name} is not in this service&apos;s GitOps settings, so the
        dashboard cannot hold it.
      </p>
    );
  }

  return (
    <div
      className="space-y-4 rounded-md border border-red-300 p-4 dark:border-red-900"
      role="region"
      aria-label="Plan a rollback"
    >
      <form onSubmit={(e) => (e.preventDefault(), void plan())} className="space-y-3">
        <label className="block text-sm font-medium">
          Strategy
          <select
            autoFocus={prefill !== undefined}
            value={kind}
            onChange={(e) => (setKind(e.target.value), setPlanned(null))}
            className="mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          >
            {kinds.map((k) => (
              <option key={k} value={k}>
                {STRATEGY_FORMS[k].label}
              </option>
            ))}
          </select>
        </label>
        <Form
          key={kind}
          service={service}
          targets={targets}
          onChange={onParams}
          prefill={kind === initialStrategy ? prefill : undefined}
        />
        <div className="flex gap-2">
          <Button type="submit" variant="secondary" disabled={busy !== null}>
            {busy === "plan" ? "Planning (server-side dry run)…" : "Preview plan"}
          </Button>
          <Button type="button" variant="ghost" onClick={onClose}>
            Close
          </Button>
        </div>
      </form>
      {error && (
        <p
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {error}
        </p>
      )}
      {planned && (
        <div className="space-y-3">
          <PlanPreview
            plan={planned.plan}
            steps={
              planned.plan.gitopsHolds?.length && !planned.plan.noop ? (
                <HoldSteps
                  holds={planned.plan.gitopsHolds}
                  skipped={skippedHolds}
                  onToggle={(h, on) =>
                    setSkippedHolds((prev) => {
                      const next = new Set(prev);
                      if (on) next.delete(holdKey(h.ref));
                      else next.add(holdKey(h.ref));
                      return next;
                    })
                  }
                />
              ) : null
            }
            managedByAction={(n) => noteAction(n, planned.plan)}
          />
          {!planned.plan.noop && (
            <form onSubmit={(e) => (e.preventDefault(), void start())} className="space-y-2">
              <label className="block text-sm">
                Type <strong className="font-mono">{service.name}</strong> to confirm
                <input
                  value={confirmation}
                  onChange={(e) => setConfirmation(e.target.value)}
                  autoComplete="off"
                  spellCheck={false}
                  className="mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900"
                />
              </label>
              <Button type="submit" variant="danger" disabled={busy !== null || confirmation.trim() !== service.name}>
                {busy === "start" ? "Starting…" : "Roll back"}
              </Button>
            </form>
          )}
        </div>
      )}
    </div>
  );
}
