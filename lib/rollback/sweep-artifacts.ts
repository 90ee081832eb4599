import "server-only";
// Captured artifacts (YAML and pod logs kept before a rollback) live RCC_ARTIFACT_RETENTION_DAYS
// after their capture; the sweep deletes older ones. A delete by age is idempotent, so every
// replica may sweep: two sweeping at once delete each row once.
import { db } from "@/lib/db";
import { env } from "@/lib/env";

const DAY_MS = 24 * 60 * 60 * 1000;

export function artifactRetentionDays(): number {
  return env().RCC_ARTIFACT_RETENTION_DAYS;
}

/** When an artifact captured at `createdAt` is deleted. */
export function artifactExpiresAt(createdAt: Date, days: number = artifactRetentionDays()): Date {
  return new Date(createdAt.getTime() + days * DAY_MS);
}

/** Deletes every artifact past its retention; returns how many went. */
export async function sweepExpiredArtifacts(opts: { now?: Date; days?: number } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const days = opts.days ?? artifactRetentionDays();
  const { count } = await db.artifact.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - days * DAY_MS) } },
  });
  return count;
}

/** The background sweep of one replica (hourly); returns its stop function. */
export function startArtifactSweeper(opts: { everyMs?: number } = {}): () => void {
  let running = false;
  const sweep = () => {
    if (running) return;
    running = true;
    sweepExpiredArtifacts()
      .catch((e) => console.error("[artifacts] retention sweep failed", e))
      .finally(() => (running = false));
  };
  const timer = setInterval(sweep, opts.everyMs ?? 60 * 60 * 1000);
  timer.unref?.();
  sweep();
  return () => clearInterval(timer);
}
