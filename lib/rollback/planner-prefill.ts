/**
 * The planner's pre-fill from the incident page's URL (`?plan=deployment-undo&workload=Deployment/web
 * &toRevision=2`, or `?plan=helm-rollback&release=web&toRevision=2`, what "Roll back this change"
 * links to). Untrusted input, browser-safe: checked
 * here for shape, then by the strategy's form against the service's settings (a workload the service
 * does not name is ignored), and the server checks the plan's params as it checks any.
 */
import { z } from "zod";
import type { StrategyKind } from "./strategies";
import { helmReleaseName } from "./strategies/helm-rollback/settings";
import { STRATEGY_SETTINGS } from "./strategies/settings";

const KINDS = Object.keys(STRATEGY_SETTINGS) as [StrategyKind, ...StrategyKind[]];

const prefillSchema = z.object({
  plan: z.enum(KINDS),
  // kind/name, a Kubernetes object name (DNS subdomain).
  workload: z
    .string()
    .regex(/^(Deployment|StatefulSet|DaemonSet)\/[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/)
    .optional(),
  toRevision: z
    .string()
    .regex(/^[0-9]{1,18}$/)
    .optional(),
  /** A Helm release name (helm-rollback). */
  release: helmReleaseName.optional(),
});

export interface PlannerPrefill {
  strategy: StrategyKind;
  /** The form's values to open with (string-valued, as the form holds them). */
  values: Readonly<Record<string, string>>;
}

/** The prefill in these search params, or null when there is none or it is malformed. */
export function parsePlannerPrefill(params: { get(name: string): string | null }): PlannerPrefill | null {
  const raw = Object.fromEntries(
    (["plan", "workload", "toRevision", "release"] as const).flatMap((k) => {
      const v = params.get(k);
      return v === null ? [] : [[k, v]];
    }),
  );
  const parsed = prefillSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { plan, ...values } = parsed.data;
  return { strategy: plan, values: Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) };
}
