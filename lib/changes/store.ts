import "server-only";
/**
 * The recorder's writes, on the leader's own session (as the trigger watcher writes): a replica that
 * lost the advisory lock has lost that connection too, so it cannot write. Reads go through Prisma.
 */
import type pg from "pg";
import { db } from "@/lib/db";
import type { ChangeDraft, FlagSnapshot } from "./extract";

export type RecordedChange = ChangeDraft & {
  serviceId: string;
  context: string;
  fromDashboard: boolean;
  rollbackId: string | null;
};

/** Inserts the change unless its key is there already; true when this call recorded it. */
export async function insertChange(client: pg.Client, c: RecordedChange): Promise<boolean> {
  const r = await client.query(
    `INSERT INTO "ChangeEvent" ("serviceId", "sourceKind", "context", "namespace", "objectName", "objectUid",
       "workloadKind", "workloadName", "revision", "summary", "images", "changeCause", "actor", "details",
       "occurredAt", "fromDashboard", "rollbackId")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15, $16, $17)
     ON CONFLICT ("serviceId", "sourceKind", "namespace", "objectName", "objectUid", "revision") DO NOTHING
     RETURNING "id"`,
    [
      c.serviceId,
      c.sourceKind,
      c.context,
      c.namespace,
      c.objectName,
      c.objectUid,
      c.workloadKind,
      c.workloadName,
      c.revision,
      c.summary.slice(0, 2_000),
      c.images,
      c.changeCause?.slice(0, 1_000) ?? null,
      c.actor,
      JSON.stringify(c.details),
      c.occurredAt,
      c.fromDashboard,
      c.rollbackId,
    ],
  );
  return (r.rowCount ?? 0) > 0;
}

/**
 * A recorded change whose object moved on at the same revision (a Helm record's status: pending-
 * upgrade → deployed → superseded): its summary, cause and details become what the object says
 * now. Still one change; true when the row changed.
 */
export async function refreshChange(client: pg.Client, c: ChangeDraft & { serviceId: string }): Promise<boolean> {
  const r = await client.query(
    `UPDATE "ChangeEvent" SET "summary" = $7, "changeCause" = $8, "details" = $9::jsonb
     WHERE "serviceId" = $1 AND "sourceKind" = $2 AND "namespace" = $3 AND "objectName" = $4
       AND "objectUid" = $5 AND "revision" = $6
       AND ("summary", "changeCause", "details") IS DISTINCT FROM ($7, $8, $9::jsonb)`,
    [
      c.serviceId,
      c.sourceKind,
      c.namespace,
      c.objectName,
      c.objectUid,
      c.revision,
      c.summary.slice(0, 2_000),
      c.changeCause?.slice(0, 1_000) ?? null,
      JSON.stringify(c.details),
    ],
  );
  return (r.rowCount ?? 0) > 0;
}

export async function saveCursor(client: pg.Client, key: string, resourceVersion: string): Promise<void> {
  await client.query(
    `INSERT INTO "ChangeWatchCursor" ("key", "resourceVersion", "updatedAt") VALUES ($1, $2, now())
     ON CONFLICT ("key") DO UPDATE SET "resourceVersion" = EXCLUDED."resourceVersion", "updatedAt" = now()`,
    [key, resourceVersion],
  );
}

export async function loadCursor(key: string): Promise<string | null> {
  const row = await db.changeWatchCursor.findUnique({ where: { key }, select: { resourceVersion: true } });
  return row?.resourceVersion ?? null;
}

/** How close in time two objects claiming one workload revision must be to count as one change. */
const SAME_REVISION_WINDOW_MS = 10 * 60_000;

/**
 * Whether this change is recorded: this object at this revision, or (for workload revisions) any
 * object claiming the same revision of the same workload moments apart. The Deployment controller,
 * with a cache that lags (after an apiserver restart), can create the next ReplicaSet with the
 * revision an earlier one already has and renumber it a moment later: one change, not two. The
 * window keeps a Deployment deleted and re-created (revisions from 1 again) recorded.
 */
export async function isRecorded(
  c: Pick<
    RecordedChange,
    | "serviceId"
    | "sourceKind"
    | "namespace"
    | "objectName"
    | "objectUid"
    | "revision"
    | "workloadKind"
    | "workloadName"
    | "occurredAt"
  >,
): Promise<boolean> {
  const { serviceId, sourceKind, namespace, objectName, objectUid, revision } = c;
  const row = await db.changeEvent.findUnique({
    where: {
      serviceId_sourceKind_namespace_objectName_objectUid_revision: {
        serviceId,
        sourceKind,
        namespace,
        objectName,
        objectUid,
        revision,
      },
    },
    select: { id: true },
  });
  if (row) return true;
  if (sourceKind !== "ReplicaSet" && sourceKind !== "ControllerRevision") return false;
  const at = c.occurredAt.getTime();
  const sameRevision = await db.changeEvent.findFirst({
    where: {
      serviceId,
      sourceKind,
      namespace,
      workloadKind: c.workloadKind,
      workloadName: c.workloadName,
      revision,
      occurredAt: { gte: new Date(at - SAME_REVISION_WINDOW_MS), lte: new Date(at + SAME_REVISION_WINDOW_MS) },
    },
    select: { id: true },
  });
  return sameRevision !== null;
}

/** The flags as last recorded for this object (the base of the next flag diff), or null. */
export async function lastFlagSnapshot(
  serviceId: string,
  sourceKind: "FeatureFlag" | "ConfigMap",
  namespace: string,
  objectName: string,
): Promise<FlagSnapshot | null> {
  const row = await db.changeEvent.findFirst({
    where: { serviceId, sourceKind, namespace, objectName },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    select: { details: true },
  });
  const flags = (row?.details as { flags?: FlagSnapshot } | undefined)?.flags;
  return flags ?? null;
}

/** Slack for clocks and the whole seconds of managed-fields times. */
const MATCH_SLACK_MS = 5_000;

/**
 * The dashboard's own rollback that made this change, if any: one of the service's rollbacks on
 * the same workload (its target ends in namespace/kind/name) running when the change was made.
 */
export async function matchRollback(
  serviceId: string,
  c: Pick<ChangeDraft, "namespace" | "workloadKind" | "workloadName" | "occurredAt">,
): Promise<{ id: string; requestedBy: string } | null> {
  const at = c.occurredAt.getTime();
  const candidates = await db.rollbackAction.findMany({
    where: {
      serviceId,
      target: { endsWith: `/${c.namespace}/${c.workloadKind.toLowerCase()}/${c.workloadName}` },
      startedAt: { not: null, lte: new Date(at + MATCH_SLACK_MS) },
      state: { in: ["running", "succeeded", "failed", "cancelled"] },
    },
    orderBy: { startedAt: "desc" },
    take: 5,
    select: { id: true, requestedBy: true, finishedAt: true },
  });
  return candidates.find((a) => (a.finishedAt?.getTime() ?? Date.now()) + MATCH_SLACK_MS >= at) ?? null;
}
