/**
 * The contract between the planner and each strategy's form (`<kind>/form.tsx`). A form is
 * controlled by its own values, opens with defaults from the service's typed settings, and reports
 * the params it would plan with (the input of its strategy's `paramsSchema`) on mount and on every
 * change. The planner only holds and sends them; the server parses them and checks them against the
 * same settings. Browser-safe: types only.
 */
import type { ComponentType } from "react";
import type { ServiceTargets } from "../settings";

/** The service row a form may name besides its targets (the id, for live reads such as revisions). */
export interface StrategyFormService {
  id: string;
  name: string;
}

export interface StrategyFormProps<P> {
  service: StrategyFormService;
  /** The service's typed settings (`targetsOf(row)`): every default and every read-only value. */
  targets: ServiceTargets;
  /** The params the form would plan with now. */
  onChange(params: P): void;
  /** Values to open with instead of the defaults (lib/rollback/planner-prefill.ts), still unchecked. */
  prefill?: Readonly<Record<string, string>>;
}

/** A form's values ↔ params, pure: what the component renders, and what unit tests check. */
export interface StrategyFormModel<V, P> {
  /** The values the form opens with, from the settings. */
  initial(targets: ServiceTargets): V;
  /** The pre-filled values this form accepts: only what the settings allow; the rest is dropped. */
  prefill?(given: Readonly<Record<string, string>>, targets: ServiceTargets): Partial<V>;
  /** The params for these values; fixed settings (Service, route, env var names…) come from `targets`. */
  params(values: V, targets: ServiceTargets): P;
}

export type StrategyFormComponent<P> = ComponentType<StrategyFormProps<P>>;

/** One entry of the planner's list (`STRATEGY_FORMS`). */
export interface StrategyForm<P = never> {
  label: string;
  Form: StrategyFormComponent<P>;
}

/** The params a form reports. */
export type FormParamsOf<F> = F extends StrategyForm<infer P> ? P : never;
