import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

const control =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm dark:border-zinc-700 dark:bg-zinc-900 aria-[invalid=true]:border-red-500";

/** A labelled form control with its errors right under it, announced to screen readers. */
export function Field({
  name,
  label,
  errors,
  hint,
  children,
}: {
  name: string;
  label: string;
  errors?: string[];
  hint?: string;
  children: (props: {
    id: string;
    "aria-invalid": boolean;
    "aria-describedby"?: string;
    className: string;
  }) => ReactNode;
}) {
  const id = `field-${name}`;
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children({ id, "aria-invalid": Boolean(errors?.length), "aria-describedby": errorId, className: control })}
      {hint && !errors?.length && <p className="text-xs text-zinc-500">{hint}</p>}
      {errors?.length ? (
        <p id={errorId} role="alert" className="text-sm text-red-600 dark:text-red-400">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function TextInput({
  name,
  label,
  errors,
  hint,
  ...rest
}: InputHTMLAttributes<HTMLInputElement> & { name: string; label: string; errors?: string[]; hint?: string }) {
  return (
    <Field name={name} label={label} errors={errors} hint={hint}>
      {(p) => <input name={name} {...p} {...rest} />}
    </Field>
  );
}

export function TextArea({
  name,
  label,
  errors,
  hint,
  ...rest
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { name: string; label: string; errors?: string[]; hint?: string }) {
  return (
    <Field name={name} label={label} errors={errors} hint={hint}>
      {(p) => <textarea name={name} {...p} {...rest} />}
    </Field>
  );
}

export function Select({
  name,
  label,
  errors,
  hint,
  children,
  ...rest
}: SelectHTMLAttributes<HTMLSelectElement> & { name: string; label: string; errors?: string[]; hint?: string }) {
  return (
    <Field name={name} label={label} errors={errors} hint={hint}>
      {(p) => (
        <select name={name} {...p} {...rest}>
          {children}
        </select>
      )}
    </Field>
  );
}
