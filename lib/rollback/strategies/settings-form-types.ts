/**
 * The contract of a strategy's per-service SETTINGS form (the catalog editor), beside the planner's
 * form: controlled, typed by its section's zod input type, and told the server's field errors by
 * dotted path of the whole service settings (e.g. "strategies.canary.routeName"). Browser-safe.
 */
export type SettingsErrors = Readonly<Record<string, readonly string[] | undefined>>;

export interface SettingsFormProps<T> {
  value: T;
  onChange: (value: T) => void;
  /** This section's dotted path in the service's settings, e.g. "strategies.canary". */
  path: string;
  errors: SettingsErrors;
  disabled?: boolean;
}

/** What a section's defaults may be derived from when a person adds it. */
export interface SectionContext {
  name: string;
  namespace: string;
  clusterContext: string;
  deployments: string[];
}

/** The errors at exactly this path. */
export function errorsAt(errors: SettingsErrors, path: string): string[] | undefined {
  const e = errors[path];
  return e?.length ? [...e] : undefined;
}

/** The errors at this path or below it (a section's summary). */
export function errorsUnder(errors: SettingsErrors, path: string): string[] {
  return Object.entries(errors)
    .filter(([k]) => k === path || k.startsWith(`${path}.`))
    .flatMap(([k, v]) => (v ?? []).map((m) => (k === path ? m : `${k.slice(path.length + 1)}: ${m}`)));
}
