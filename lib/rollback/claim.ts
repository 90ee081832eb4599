import "server-only";
// The runner's claim on a running rollback, fenced: a claim sets runnerId and increments claimEpoch
// (the fencing token), and every later write of the holder is conditional on both. A runner paused
// past its heartbeat (GC, SIGSTOP, a stuck node) finds on its first write that another one took
// over, aborts the strategy at once and writes nothing more. The token rather than runnerId alone:
// a runner may re-claim its own row (its claim below allows it), and a late write of its earlier
// run (an in-flight heartbeat, say) must not count as the new run's.
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";

export class ClaimLostError extends Error {
  name = "ClaimLostError";
}

export function isClaimLost(e: unknown): e is ClaimLostError {
  return e instanceof ClaimLostError;
}

type Client = Pick<PrismaClient, "rollbackAction" | "$transaction" | "$queryRaw">;
export type FencedTx = Prisma.TransactionClient;
export type BeatResult = "held" | "cancelled" | "lost" | "skipped" | "unreachable";

/** Claims a running action that nobody holds or whose holder stopped heartbeating (compare-and-set). */
export async function claimAction(
  actionId: string,
  runnerId: string,
  staleMs: number,
  client: Client = db,
): Promise<{ claim: RunnerClaim; previousRunner: string | null } | null> {
  const claimable = {
    id: actionId,
    state: "running" as const,
    OR: [
      { runnerId: null },
      { runnerId },
      { heartbeatAt: null },
      { heartbeatAt: { lt: new Date(Date.now() - staleMs) } },
    ],
  };
  const row = await client.rollbackAction.findFirst({
    where: claimable,
    select: { runnerId: true, claimEpoch: true },
  });
  if (!row) return null;
  const epoch = row.claimEpoch + 1;
  const { count } = await client.rollbackAction.updateMany({
    where: { ...claimable, runnerId: row.runnerId, claimEpoch: row.claimEpoch },
    data: { runnerId, claimEpoch: epoch, heartbeatAt: new Date() },
  });
  if (count !== 1) return null; // another runner claimed it between our read and our write
  return { claim: new RunnerClaim(actionId, runnerId, epoch, client), previousRunner: row.runnerId };
}

export class RunnerClaim {
  private readonly controller = new AbortController();
  private beating = false;
  lost: ClaimLostError | null = null;
  cancelled = false;

  constructor(
    readonly actionId: string,
    readonly runnerId: string,
    readonly epoch: number,
    private readonly client: Client = db,
  ) {}

  /** Aborted when the claim is lost or the rollback is cancelled: the strategy's ctx.signal. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private get fence() {
    return { id: this.actionId, runnerId: this.runnerId, claimEpoch: this.epoch };
  }

  private lose(why: string): ClaimLostError {
    if (!this.lost) {
      this.lost = new ClaimLostError(
        `runner ${this.runnerId} lost its claim (${this.epoch}) on rollback ${this.actionId}: ${why}`,
      );
      console.warn(`[runner] ${this.lost.message}; stopping, nothing more is recorded by this runner`);
      this.controller.abort(this.lost);
    }
    return this.lost;
  }

  /** Why a fenced write matched no row: still ours (and in which state), or lost. */
  private async explainMiss(): Promise<"cancelled" | "ended"> {
    const row = await this.client.rollbackAction.findUnique({
      where: { id: this.actionId },
      select: { state: true, runnerId: true, claimEpoch: true },
    });
    if (!row) throw this.lose("the rollback no longer exists");
    if (row.runnerId !== this.runnerId || row.claimEpoch !== this.epoch) {
      throw this.lose(`runner ${row.runnerId ?? "(none)"} took it over (claim ${row.claimEpoch})`);
    }
    return row.state === "cancelled" ? "cancelled" : "ended";
  }

  /**
   * Writes in one transaction that first proves the claim: the fenced update locks the row until
   * commit, so a takeover either waits for this write or wins before it (then this one writes nothing).
   */
  async write<T>(fn: (tx: FencedTx) => Promise<T>): Promise<T> {
    if (this.lost) throw this.lost;
    try {
      return await this.client.$transaction(
        async (tx) => {
          const { count } = await tx.rollbackAction.updateMany({
            where: this.fence,
            data: { heartbeatAt: new Date() },
          });
          if (count !== 1) throw new ClaimLostError("fence");
          return fn(tx);
        },
        { maxWait: env().RCC_DB_CONNECT_TIMEOUT_MS, timeout: env().RCC_DB_STATEMENT_TIMEOUT_MS },
      );
    } catch (e) {
      if (this.lost) throw this.lost;
      if (isClaimLost(e)) {
        await this.explainMiss(); // throws the loss; a row still ours matched the fence, so this is a race
        throw this.lose("the fenced write matched no row");
      }
      throw e;
    }
  }

  /**
   * The hot path's fenced write (a step and its timeline event): ONE statement instead of a
   * transaction's five round trips. `build(fence)` returns a statement whose data-modifying CTEs
   * select FROM "fence", a CTE that updates the claimed row only while this runner holds it; so
   * nothing is written unless the claim holds, and the row stays locked until the statement commits,
   * exactly as in write(). The statement must return one row with `fenced` (the fence's row count).
   */
  async writeStatement(build: (fence: Prisma.Sql) => Prisma.Sql): Promise<void> {
    if (this.lost) throw this.lost;
    const fence = Prisma.sql`UPDATE "RollbackAction" SET "heartbeatAt" = ${new Date()}
      WHERE "id" = ${this.actionId} AND "runnerId" = ${this.runnerId} AND "claimEpoch" = ${this.epoch}
      RETURNING "id"`;
    const rows = await this.client.$queryRaw<{ fenced: bigint | number }[]>(build(fence));
    if (Number(rows[0]?.fenced ?? 0) === 1) return;
    if (this.lost) throw this.lost;
    await this.explainMiss(); // throws the loss; a row still ours matched the fence, so this is a race
    throw this.lose("the fenced write matched no row");
  }

  /**
   * Gives the claim up (SIGTERM drain, lib/background/shutdown.ts): aborts the run and refuses
   * its later writes, as a lost claim does. release() then lets another runner resume at once.
   */
  handOff(): void {
    this.lose("handed off, this runner is shutting down");
  }

  /**
   * After handOff(), once the run stopped: clears the heartbeat (fenced by the epoch), so the row
   * is claimable now instead of after the staleness window. False when it was no longer ours.
   */
  async release(): Promise<boolean> {
    await this.inflight; // a beat committing after the release would make the row look held again
    const { count } = await this.client.rollbackAction.updateMany({
      where: { ...this.fence, state: "running" },
      data: { heartbeatAt: null },
    });
    return count === 1;
  }

  private inflight: Promise<unknown> = Promise.resolve();

  /** One heartbeat; skipped (never queued) while the previous one is still in flight. */
  beat(): Promise<BeatResult> {
    if (this.lost) return Promise.resolve("lost");
    if (this.beating) return Promise.resolve("skipped");
    const beat = this.beatOnce(); // sets beating before its first await
    this.inflight = beat;
    this.inflight = beat;
    return beat;
  }

  private async beatOnce(): Promise<BeatResult> {
    this.beating = true;
    try {
      const { count } = await this.client.rollbackAction.updateMany({
        where: { ...this.fence, state: "running" },
        data: { heartbeatAt: new Date() },
      });
      if (count === 1) return "held";
      if ((await this.explainMiss()) !== "cancelled") return "held";
      this.cancelled = true;
      this.controller.abort(new Error("cancelled by a commander"));
      return "cancelled";
    } catch (e) {
      if (isClaimLost(e)) return "lost";
      return "unreachable"; // the next beat tries again; a long outage lets another runner resume
    } finally {
      this.beating = false;
    }
  }

  /** Ends the action, once, by the holder: "ended", or "cancelled" when a cancel got there first. */
  async finish(
    state: "succeeded" | "failed",
    result: Record<string, unknown>,
    error: string | null,
  ): Promise<"ended" | "cancelled"> {
    if (this.lost) throw this.lost;
    const { count } = await this.client.rollbackAction.updateMany({
      where: { ...this.fence, state: "running" },
      data: {
        state,
        result: JSON.parse(JSON.stringify(result)),
        error,
        finishedAt: new Date(),
        heartbeatAt: new Date(),
      },
    });
    if (count === 1) return "ended";
    const why = await this.explainMiss();
    if (why === "cancelled") this.cancelled = true;
    return why === "cancelled" ? "cancelled" : "ended";
  }
}
