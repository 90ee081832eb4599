// The one place a form says what went wrong (or, given `success`, that it worked) outside a field.
export function FormMessage({ state, success }: { state?: { ok: boolean; error?: string } | null; success?: string }) {
  if (state?.ok && success) {
    return (
      <p role="status" className="text-sm text-green-700 dark:text-green-400">
        {success}
      </p>
    );
  }
  if (!state || state.ok || !state.error) return null;
  return (
    <p
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
    >
      {state.error}
    </p>
  );
}
