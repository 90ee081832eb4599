-- Service catalog (issue 13): where a service's settings come from, optimistic concurrency for the
-- editor, and an append-only audit of every change.
CREATE TYPE "ServiceSource" AS ENUM ('editor', 'file', 'annotation', 'sandbox');

ALTER TABLE "Service"
  ADD COLUMN "managedBy" "ServiceSource" NOT NULL DEFAULT 'editor',
  ADD COLUMN "revision" INTEGER NOT NULL DEFAULT 1,
  ADD COLUMN "updatedById" TEXT,
  ADD COLUMN "updatedByName" TEXT;

CREATE TABLE "ServiceAudit" (
  "id" BIGSERIAL NOT NULL,
  "serviceId" TEXT,
  "serviceName" TEXT NOT NULL,
  "action" TEXT NOT NULL,
  "source" TEXT NOT NULL,
  "actorId" TEXT,
  "actorName" TEXT NOT NULL,
  "before" JSONB,
  "after" JSONB,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ServiceAudit_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ServiceAudit_serviceName_id_idx" ON "ServiceAudit"("serviceName", "id");
