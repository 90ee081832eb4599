-- Issue 17 "What changed": the changes the recorder (lib/changes/) sees on each service's cluster
-- objects, once per object revision (the unique key dedupes re-lists, restarts and replays), and
-- the resourceVersion each of its watches resumes from.
CREATE TABLE "ChangeEvent" (
  "id" BIGSERIAL NOT NULL,
  "serviceId" TEXT NOT NULL,
  "sourceKind" TEXT NOT NULL,
  "context" TEXT NOT NULL,
  "namespace" TEXT NOT NULL,
  "objectName" TEXT NOT NULL,
  "objectUid" TEXT NOT NULL,
  "workloadKind" TEXT NOT NULL,
  "workloadName" TEXT NOT NULL,
  "revision" TEXT NOT NULL,
  "summary" TEXT NOT NULL,
  "images" TEXT[] DEFAULT ARRAY[]::TEXT[],
  "changeCause" TEXT,
  "actor" TEXT,
  "details" JSONB NOT NULL DEFAULT '{}',
  "occurredAt" TIMESTAMP(3) NOT NULL,
  "observedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "fromDashboard" BOOLEAN NOT NULL DEFAULT false,
  "rollbackId" TEXT,
  CONSTRAINT "ChangeEvent_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ChangeEvent_serviceId_sourceKind_namespace_objectName_objectUid_revision_key"
  ON "ChangeEvent"("serviceId", "sourceKind", "namespace", "objectName", "objectUid", "revision");
CREATE INDEX "ChangeEvent_serviceId_occurredAt_idx" ON "ChangeEvent"("serviceId", "occurredAt");
CREATE INDEX "ChangeEvent_occurredAt_idx" ON "ChangeEvent"("occurredAt");
ALTER TABLE "ChangeEvent" ADD CONSTRAINT "ChangeEvent_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "ChangeWatchCursor" (
  "key" TEXT NOT NULL,
  "resourceVersion" TEXT NOT NULL,
  "updatedAt" TIMESTAMP(3) NOT NULL,
  CONSTRAINT "ChangeWatchCursor_pkey" PRIMARY KEY ("key")
);
