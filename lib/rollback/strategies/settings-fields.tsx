"use client";
// Controlled, labelled inputs for the settings forms, keyed by the setting's dotted path so the
// server's error for that path shows right under the control (and is announced).
import { useState, type ReactNode } from "react";
import { errorsAt, type SettingsErrors } from "./settings-form-types";

const control =
  "mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm disabled:cursor-not-allowed disabled:opacity-70 dark:border-zinc-700 dark:bg-zinc-900 aria-[invalid=true]:border-red-500";

export const fieldId = (path: string) => `setting-${path.replace(/[^A-Za-z0-9_-]/g, "-")}`;

type Common = { label: string; path: string; errors: SettingsErrors; hint?: string; disabled?: boolean };

function Shell({ label, path, errors, hint, children }: Common & { children: (p: ControlProps) => ReactNode }) {
  const id = fieldId(path);
  const errs = errorsAt(errors, path);
  const errorId = errs ? `${id}-error` : undefined;
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="text-sm">
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      {children({
        id,
        "aria-invalid": Boolean(errs),
        "aria-describedby": [errorId, hintId].filter(Boolean).join(" ") || undefined,
        className: control,
      })}
      {hint && (
        <p id={hintId} className="mt-0.5 text-xs text-zinc-500">
          {hint}
        </p>
      )}
      {errs && (
        <p id={errorId} role="alert" className="mt-0.5 text-sm text-red-600 dark:text-red-400">
          {errs.join(" ")}
        </p>
      )}
    </div>
  );
}

type ControlProps = { id: string; "aria-invalid": boolean; "aria-describedby"?: string; className: string };

export function TextSetting({
  value,
  onChange,
  placeholder,
  type = "text",
  required,
  ...c
}: Common & {
  value: string | undefined;
  onChange: (v: string) => void;
  placeholder?: string;
  type?: "text" | "url";
  required?: boolean;
}) {
  return (
    <Shell {...c}>
      {(p) => (
        <input
          {...p}
          type={type}
          value={value ?? ""}
          placeholder={placeholder}
          required={required}
          disabled={c.disabled}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Shell>
  );
}

export function NumberSetting({
  value,
  onChange,
  step,
  min,
  max,
  ...c
}: Common & { value: number | undefined; onChange: (v: number) => void; step?: number; min?: number; max?: number }) {
  return (
    <Shell {...c}>
      {(p) => (
        <input
          {...p}
          type="number"
          inputMode="decimal"
          value={value ?? ""}
          step={step}
          min={min}
          max={max}
          disabled={c.disabled}
          onChange={(e) => onChange(e.target.value === "" ? NaN : Number(e.target.value))}
        />
      )}
    </Shell>
  );
}

export function TextAreaSetting({
  value,
  onChange,
  rows = 3,
  mono,
  ...c
}: Common & { value: string | undefined; onChange: (v: string) => void; rows?: number; mono?: boolean }) {
  return (
    <Shell {...c}>
      {(p) => (
        <textarea
          {...p}
          className={`${p.className} ${mono ? "font-mono text-xs" : ""}`}
          rows={rows}
          value={value ?? ""}
          disabled={c.disabled}
          spellCheck={false}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Shell>
  );
}

export function SelectSetting<V extends string>({
  value,
  onChange,
  options,
  ...c
}: Common & { value: V; onChange: (v: V) => void; options: readonly { value: V; label: string }[] }) {
  return (
    <Shell {...c}>
      {(p) => (
        <select {...p} value={value} disabled={c.disabled} onChange={(e) => onChange(e.target.value as V)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Shell>
  );
}

export function CheckboxSetting({
  label,
  path,
  errors,
  hint,
  disabled,
  checked,
  onChange,
}: Common & { checked: boolean; onChange: (v: boolean) => void }) {
  const id = fieldId(path);
  const errs = errorsAt(errors, path);
  return (
    <div className="text-sm">
      <label htmlFor={id} className="flex items-center gap-2 font-medium">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          disabled={disabled}
          aria-invalid={Boolean(errs)}
          onChange={(e) => onChange(e.target.checked)}
        />
        {label}
      </label>
      {hint && <p className="mt-0.5 text-xs text-zinc-500">{hint}</p>}
      {errs && (
        <p role="alert" className="mt-0.5 text-sm text-red-600 dark:text-red-400">
          {errs.join(" ")}
        </p>
      )}
    </div>
  );
}

/**
 * A list of names, one per line (or comma-separated). The text is kept as typed so a trailing comma
 * or an empty line does not jump; the list goes up on every change. Errors of items show too.
 */
export function ListSetting({
  value,
  onChange,
  ...c
}: Common & { value: readonly string[] | undefined; onChange: (v: string[]) => void }) {
  const [text, setText] = useState(() => (value ?? []).join("\n"));
  const itemErrors = Object.entries(c.errors)
    .filter(([k]) => k.startsWith(`${c.path}.`))
    .flatMap(([k, v]) => (v ?? []).map((m) => `${(value ?? [])[Number(k.slice(c.path.length + 1))] ?? k}: ${m}`));
  const errors = itemErrors.length ? { ...c.errors, [c.path]: [...(c.errors[c.path] ?? []), ...itemErrors] } : c.errors;
  return (
    <Shell {...c} errors={errors}>
      {(p) => (
        <textarea
          {...p}
          className={`${p.className} font-mono text-xs`}
          rows={Math.min(6, Math.max(2, (value?.length ?? 0) + 1))}
          value={text}
          disabled={c.disabled}
          spellCheck={false}
          onChange={(e) => {
            setText(e.target.value);
            onChange(
              e.target.value
                .split(/[\n,]/)
                .map((s) => s.trim())
                .filter(Boolean),
            );
          }}
        />
      )}
    </Shell>
  );
}
