import "server-only";
// Writes what a running rollback does: its steps (RollbackStep rows, for the progress view) and
// the timeline (for everyone watching). Progress lands on the timeline only when it moves.
// Every write is fenced by the runner's claim (lib/rollback/claim.ts) and names the runner: after a
// takeover the old runner writes nothing, and the timeline says which runner did what.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { RunnerClaim } from "@/lib/rollback/claim";
import { Prisma } from "@/lib/generated/prisma/client";
import { appendEvent } from "@/lib/incidents/timeline";
import { eventColumns } from "@/lib/incidents/insert-event";
import { metrics } from "@/lib/observability/metrics";
import type { EventInput, EventPayload, RunEventKind, RunRef } from "@/lib/incidents/events";
import type { StepReport } from "@/lib/rollback/strategy";

/** What an event adds to the run's reference; left out when there is nothing to add. */
type RunExtra<K extends RunEventKind> = Omit<EventPayload<K>, keyof RunRef>;
type RunExtraArg<K extends RunEventKind> = {} extends RunExtra<K> ? [extra?: RunExtra<K>] : [extra: RunExtra<K>];

export type ActionRef = {
  id: string;
  incidentId: string;
  strategy: string;
  target: string;
  requestedBy: string;
  requestedById: string;
};

export class RollbackRecorder {
  private positions = new Map<string, number>();
  /** Steps an earlier runner finished: a resumed run's re-check of them (convergent) is not re-recorded. */
  private finishedBefore = new Set<string>();
  private lastProgress = "";

  constructor(
    private readonly action: ActionRef,
    private readonly claim: RunnerClaim,
  ) {}

  /** Loads the steps a previous runner recorded, so a resumed run appends instead of overwriting. */
  async load() {
    const steps = await db.rollbackStep.findMany({
      where: { actionId: this.action.id },
      select: { name: true, position: true, state: true },
    });
    for (const s of steps) {
      this.positions.set(s.name, s.position);
      if (s.state === "succeeded" || s.state === "skipped") this.finishedBefore.add(s.name);
    }
  }

  /** Steps were recorded before (by this runner or another): the run is a resume. */
  get hasSteps(): boolean {
    return this.positions.size > 0;
  }

  /** The artifacts captured before the change and the event that lists them, in one fenced write. */
  eventWithArtifacts(
    kind: "rollback.capture",
    message: string,
    extra: RunExtra<"rollback.capture">,
    data: Prisma.ArtifactCreateManyInput[],
  ) {
    const event = this.eventInput(kind, message, extra);
    return this.claim.write(async (tx) => {
      if (data.length) await tx.artifact.createMany({ data });
      return appendEvent(event, tx);
    });
  }

  /** One event of this run; the action, strategy and target are added to what `extra` says. */
  async event<K extends RunEventKind>(kind: K, message: string, ...[extra]: RunExtraArg<K>): Promise<void> {
    const event = this.eventInput(kind, message, ...([extra] as RunExtraArg<K>));
    await this.claim.writeStatement(
      (fence) => Prisma.sql`
        WITH fence AS (${fence}), ${eventCte(eventColumns(event))}
        SELECT (SELECT count(*) FROM fence)::int AS fenced`,
    );
    metrics.timelineEventsWritten.inc({ kind: event.kind });
  }

  private eventInput<K extends RunEventKind>(kind: K, message: string, ...[extra]: RunExtraArg<K>): EventInput {
    const ref: RunRef = {
      actionId: this.action.id,
      strategy: this.action.strategy,
      target: this.action.target,
      runner: this.claim.runnerId,
      claim: this.claim.epoch,
    };
    // K is generic here, so the compiler cannot pair kind and payload itself; the callers' K is checked.
    const event = {
      incidentId: this.action.incidentId,
      kind,
      actor: this.action.requestedBy,
      actorId: this.action.requestedById,
      message,
      payload: { ...ref, ...extra },
    };
    return event as EventInput;
  }

  async step(report: StepReport) {
    // Done by an earlier runner: its record stands (a failure on the re-check is new, and recorded).
    if (this.finishedBefore.has(report.step) && report.state !== "failed") return;
    const now = new Date();
    let position = this.positions.get(report.step);
    if (position === undefined) {
      position = this.positions.size;
      this.positions.set(report.step, position);
    }
    const finished = report.state !== "running";
    const detail = JSON.parse(
      JSON.stringify({ detail: report.detail ?? null, progress: report.progress ?? null, data: report.data ?? null }),
    );
    let event: EventInput | null;
    if (report.progress) {
      const p = report.progress;
      const key = `${p.updated}/${p.ready}/${p.available}/${p.desired}`;
      const repeated = key === this.lastProgress && report.state === "running";
      this.lastProgress = key;
      event = repeated
        ? null
        : this.eventInput(
            "rollback.progress",
            `${report.step}: ${p.updated} updated, ${p.available}/${p.desired} available`,
            {
              step: report.step,
              progress: { ...p },
            },
          );
    } else {
      event = this.eventInput(
        "rollback.step",
        `${report.step}: ${report.state}${report.detail ? ` — ${report.detail}` : ""}`,
        { step: report.step, state: report.state },
      );
    }
    const error = report.state === "failed" ? (report.detail ?? "failed") : null;
    // The step and its timeline event in one fenced statement (claim.writeStatement): a report is
    // one round trip, since every step of every strategy waits for its record before going on.
    const ev = event ? eventColumns(event) : null;
    await this.claim.writeStatement(
      (fence) => Prisma.sql`
        WITH fence AS (${fence}),
        step AS (
          INSERT INTO "RollbackStep" ("id", "actionId", "position", "name", "state", "detail", "error", "startedAt", "finishedAt")
          SELECT ${randomUUID()}::text, ${this.action.id}::text, ${position}::int, ${report.step}::text,
                 ${report.state}::"StepState", ${JSON.stringify(detail)}::jsonb, ${error}::text, ${now}::timestamp,
                 ${finished ? now : null}::timestamp
            FROM fence
          ON CONFLICT ("actionId", "position") DO UPDATE
            SET "state" = EXCLUDED."state", "detail" = EXCLUDED."detail", "error" = EXCLUDED."error",
                "finishedAt" = EXCLUDED."finishedAt"
          RETURNING 1
        ),
        ${ev ? eventCte(ev) : Prisma.sql`event AS (SELECT 1)`}
        SELECT (SELECT count(*) FROM fence)::int AS fenced`,
    );
    if (event) metrics.timelineEventsWritten.inc({ kind: event.kind });
  }
}

/** The CTE inserting one timeline row after the fence (the insert trigger orders and announces it). */
function eventCte(ev: ReturnType<typeof eventColumns>): Prisma.Sql {
  return Prisma.sql`event AS (
    INSERT INTO "TimelineEvent" ("incidentId", "kind", "actor", "actorId", "message", "payload")
    SELECT ${ev.incidentId}::text, ${ev.kind}::text, ${ev.actor}::text, ${ev.actorId}::text, ${ev.message}::text,
           ${ev.payload}::jsonb
      FROM fence
    RETURNING 1
  )`;
}
