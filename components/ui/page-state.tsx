// What a route shows instead of its page: loading, not found, or failed. Plain components (no
// hooks) so loading.tsx and not-found.tsx stay server components; error.tsx wraps them.
import Link from "next/link";

export type Way = { href: string; label: string };

const linkCls =
  "inline-flex items-center rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm font-medium text-zinc-900 hover:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800";

/** Links somewhere that works, so nobody is left on a dead end. */
export function WaysOut({ ways, children }: { ways: Way[]; children?: React.ReactNode }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      {children}
      {ways.map((w) => (
        <Link key={w.href} href={w.href} className={linkCls}>
          {w.label}
        </Link>
      ))}
    </div>
  );
}

export function PageMessage({
  title,
  tone = "neutral",
  children,
  testId,
  headingRef,
}: {
  title: string;
  tone?: "neutral" | "error";
  children: React.ReactNode;
  testId?: string;
  headingRef?: React.Ref<HTMLHeadingElement>;
}) {
  const border = tone === "error" ? "border-red-300 dark:border-red-800" : "border-zinc-200 dark:border-zinc-800";
  return (
    <section
      aria-labelledby="page-message-title"
      data-testid={testId}
      className={`max-w-2xl space-y-3 rounded-lg border bg-white p-6 shadow-sm dark:bg-zinc-900 ${border}`}
    >
      {/* Focusable so an error page can take the focus the vanished page had. */}
      <h1 id="page-message-title" ref={headingRef} tabIndex={-1} className="text-xl font-bold focus:outline-none">
        {title}
      </h1>
      {children}
    </section>
  );
}

/** An accessible progress indication: announced once, with a skeleton of the page's shape. */
export function PageLoading({ label, blocks = [24, 40, 64] }: { label: string; blocks?: number[] }) {
  return (
    <div className="space-y-4" data-testid="page-loading">
      <p role="status" aria-live="polite" className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
        <span
          aria-hidden="true"
          className="inline-block h-4 w-4 animate-spin rounded-full border-2 border-current border-t-transparent motion-reduce:animate-none"
        />
        {label}
      </p>
      <div aria-hidden="true" className="space-y-3">
        {blocks.map((h, i) => (
          <div
            key={i}
            style={{ height: `${h * 0.25}rem` }}
            className="animate-pulse rounded-lg bg-zinc-200 motion-reduce:animate-none dark:bg-zinc-800"
          />
        ))}
      </div>
    </div>
  );
}
