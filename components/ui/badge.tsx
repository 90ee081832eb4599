const TONES = {
  P1: "bg-red-600 text-white",
  P2: "bg-orange-500 text-white",
  P3: "bg-yellow-400 text-zinc-900",
  P4: "bg-zinc-400 text-zinc-900",
  investigating: "bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-200",
  identified: "bg-orange-100 text-orange-800 dark:bg-orange-900/40 dark:text-orange-200",
  monitoring: "bg-blue-100 text-blue-800 dark:bg-blue-900/40 dark:text-blue-200",
  resolved: "bg-green-100 text-green-800 dark:bg-green-900/40 dark:text-green-200",
  neutral: "bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200",
} as const;

export function Badge({ tone, children }: { tone: keyof typeof TONES | string; children: React.ReactNode }) {
  const cls = TONES[tone as keyof typeof TONES] ?? TONES.neutral;
  return (
    <span className={`inline-flex items-center rounded px-2 py-0.5 text-xs font-semibold ${cls}`}>{children}</span>
  );
}
