import "server-only";
// Readiness of a replica (GET /api/ready): ready only while the database answers `SELECT 1` within
// a short timeout and the process is not draining (SIGTERM, lib/background/shutdown.ts). The reason
// is one fixed word, never the driver's message (it may name the host, the user or the database).
import { db } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export type Readiness =
  { ready: true; latencyMs: number } | { ready: false; reason: "draining" | "database unreachable" };

const g = globalThis as unknown as { rccDraining?: boolean };

/** Marks the replica as draining: readiness fails from now on, so the Service stops routing to it. */
export function markDraining() {
  g.rccDraining = true;
}

export function isDraining(): boolean {
  return g.rccDraining === true;
}

export async function checkReadiness(
  opts: { client?: Pick<PrismaClient, "$queryRaw">; timeoutMs?: number } = {},
): Promise<Readiness> {
  if (isDraining()) return { ready: false, reason: "draining" };
  const client = opts.client ?? db;
  const timeoutMs = opts.timeoutMs ?? 2_000;
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      client.$queryRaw`SELECT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
      }),
    ]);
    return { ready: true, latencyMs: Date.now() - started };
  } catch {
    return { ready: false, reason: "database unreachable" };
  } finally {
    clearTimeout(timer);
  }
}
