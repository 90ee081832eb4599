"use client";
/**
 * The controls every strategy form is made of, all controlled, each inside its own <label> (the
 * visible label is the accessible name), and the hook that keeps a form's values and reports its
 * params. A field without `onValue` is read-only: a value from the service's settings that the
 * server would refuse to change is shown, never edited.
 */
import { useCallback, useEffect, useMemo, useState, type InputHTMLAttributes, type ReactNode } from "react";
import type { StrategyFormModel, StrategyFormProps } from "./form-types";

const control =
  "mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const fixed =
  "mt-1 block w-full rounded-md border border-zinc-200 bg-zinc-100 px-2 py-1.5 text-sm text-zinc-700 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-300";

/** Values in state, params reported on mount and whenever they change. */
export function useFormModel<V, P>(
  model: StrategyFormModel<V, P>,
  { targets, onChange, prefill }: StrategyFormProps<P>,
): [V, (patch: Partial<V>) => void] {
  const [values, setValues] = useState(() => ({
    ...model.initial(targets),
    ...(prefill && model.prefill ? model.prefill(prefill, targets) : {}),
  }));
  const params = useMemo(() => model.params(values, targets), [model, values, targets]);
  useEffect(() => onChange(params), [params, onChange]);
  const set = useCallback((patch: Partial<V>) => setValues((v) => ({ ...v, ...patch })), []);
  return [values, set];
}

/** "" → undefined (the strategy's default applies); anything else → a number. */
export const optionalNumber = (v: string): number | undefined => (v.trim() === "" ? undefined : Number(v));
/** "" → undefined. */
export const optionalText = (v: string | undefined): string | undefined => (v?.trim() ? v : undefined);

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange" | "className"> & {
  label: string;
  hint?: string;
  value: string;
  /** Absent: read-only. */
  onValue?: (value: string) => void;
};

export function ParamInput({ label, hint, value, onValue, ...rest }: InputProps) {
  return (
    <label className="block text-sm">
      {label}
      <input
        {...rest}
        value={value}
        readOnly={!onValue}
        onChange={onValue && ((e) => onValue(e.target.value))}
        className={onValue ? control : fixed}
      />
      {hint && <span className="block text-xs text-zinc-500">{hint}</span>}
    </label>
  );
}

export function ParamCheckbox({
  label,
  checked,
  onChecked,
}: {
  label: string;
  checked: boolean;
  onChecked: (checked: boolean) => void;
}) {
  return (
    <label className="block text-sm">
      {label}
      <input type="checkbox" checked={checked} onChange={(e) => onChecked(e.target.checked)} className="ml-2" />
    </label>
  );
}

/** A select over `[value, text]` options. */
export function ParamSelect<T extends string>({
  label,
  value,
  options,
  onValue,
  hint,
}: {
  label: string;
  value: T;
  options: readonly (readonly [T, string] | readonly [T, string, { disabled?: boolean }])[];
  onValue: (value: T) => void;
  hint?: ReactNode;
}) {
  return (
    <label className="block text-sm">
      {label}
      <select value={value} onChange={(e) => onValue(e.target.value as T)} className={control}>
        {options.map(([v, text, opts]) => (
          <option key={v} value={v} disabled={opts?.disabled}>
            {text}
          </option>
        ))}
      </select>
      {hint && <span className="block text-xs text-zinc-500">{hint}</span>}
    </label>
  );
}

const area =
  "mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900";

export function SqlField({
  label,
  value,
  onValue,
  rows = 3,
}: {
  label: string;
  value: string;
  onValue: (value: string) => void;
  rows?: number;
}) {
  return (
    <label className="block text-sm sm:col-span-2">
      {label}
      <textarea
        value={value}
        onChange={(e) => onValue(e.target.value)}
        rows={rows}
        required
        className={area}
        spellCheck={false}
      />
    </label>
  );
}

/** Said instead of a form when the service's settings lack what the strategy needs. */
export function NotConfigured({ what }: { what: string }) {
  return <p className="text-sm text-zinc-500">This service does not configure {what}.</p>;
}
