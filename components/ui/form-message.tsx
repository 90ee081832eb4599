// The one place a form says what went wrong (or right) outside a single field.
export function FormMessage({ state }: { state?: { ok: boolean; error?: string } | null }) {
  if (!state || state.ok || !state.error) return null;
  return (
    <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
      {state.error}
    </p>
  );
}
