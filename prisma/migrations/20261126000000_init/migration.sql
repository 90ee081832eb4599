-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('viewer', 'responder', 'commander', 'comms', 'admin');

-- CreateEnum
CREATE TYPE "TriggerPolicy" AS ENUM ('off', 'notify', 'auto');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('P1', 'P2', 'P3', 'P4');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('investigating', 'identified', 'monitoring', 'resolved');

-- CreateEnum
CREATE TYPE "RollbackState" AS ENUM ('planned', 'awaiting_approval', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "StepState" AS ENUM ('pending', 'running', 'succeeded', 'failed', 'skipped');

-- CreateEnum
CREATE TYPE "NoticeKind" AS ENUM ('internal', 'customer');

-- CreateEnum
CREATE TYPE "ChecklistPhase" AS ENUM ('immediate', 'short_term', 'long_term', 'prevention');

-- CreateEnum
CREATE TYPE "WebhookKind" AS ENUM ('slack', 'generic');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT,
    "role" "Role" NOT NULL DEFAULT 'viewer',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Service" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "clusterContext" TEXT NOT NULL DEFAULT 'default',
    "namespace" TEXT NOT NULL DEFAULT 'default',
    "deployments" TEXT[],
    "healthUrl" TEXT,
    "readyUrl" TEXT,
    "versionUrl" TEXT,
    "metricsUrl" TEXT,
    "promQueries" JSONB NOT NULL DEFAULT '{}',
    "triggerPolicy" "TriggerPolicy" NOT NULL DEFAULT 'notify',
    "triggerConfig" JSONB NOT NULL DEFAULT '{}',
    "strategyConfig" JSONB NOT NULL DEFAULT '{}',
    "needsSecondApprover" BOOLEAN NOT NULL DEFAULT false,
    "rolloutTimeoutSec" INTEGER NOT NULL DEFAULT 300,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'investigating',
    "impact" TEXT NOT NULL DEFAULT '',
    "serviceId" TEXT,
    "declaredById" TEXT,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "updateCadenceMin" INTEGER NOT NULL DEFAULT 30,
    "detectedAt" TIMESTAMP(3),
    "declaredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decisionAt" TIMESTAMP(3),
    "rollbackStartedAt" TIMESTAMP(3),
    "rollbackCompletedAt" TIMESTAMP(3),
    "resolvedAt" TIMESTAMP(3),
    "dataLoss" TEXT,
    "revenueImpact" DECIMAL(14,2),
    "rootCauseCategory" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TimelineEvent" (
    "id" BIGSERIAL NOT NULL,
    "incidentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "actorId" TEXT,
    "message" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TimelineEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RollbackAction" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "serviceId" TEXT,
    "strategy" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "plan" JSONB NOT NULL DEFAULT '{}',
    "state" "RollbackState" NOT NULL DEFAULT 'planned',
    "idempotencyKey" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "requestedById" TEXT,
    "approvedById" TEXT,
    "result" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "runnerId" TEXT,
    "heartbeatAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RollbackAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RollbackStep" (
    "id" TEXT NOT NULL,
    "actionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "state" "StepState" NOT NULL DEFAULT 'pending',
    "detail" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "RollbackStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Artifact" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "actionId" TEXT,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "contentType" TEXT NOT NULL DEFAULT 'text/plain',
    "content" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Artifact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NoticeTemplate" (
    "id" TEXT NOT NULL,
    "kind" "NoticeKind" NOT NULL,
    "name" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NoticeTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notice" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "kind" "NoticeKind" NOT NULL,
    "title" TEXT NOT NULL,
    "draftBody" TEXT NOT NULL,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NoticeVersion" (
    "id" TEXT NOT NULL,
    "noticeId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "publishedById" TEXT,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NoticeVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Webhook" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "WebhookKind" NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT,
    "audience" "NoticeKind" NOT NULL DEFAULT 'internal',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Webhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChecklistTemplate" (
    "id" TEXT NOT NULL,
    "phase" "ChecklistPhase" NOT NULL,
    "text" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "ChecklistTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChecklistItem" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "phase" "ChecklistPhase" NOT NULL,
    "text" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "ownerId" TEXT,
    "dueAt" TIMESTAMP(3),
    "doneAt" TIMESTAMP(3),
    "doneById" TEXT,

    CONSTRAINT "ChecklistItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PostMortem" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PostMortem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SmokeTest" (
    "id" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "method" TEXT NOT NULL DEFAULT 'GET',
    "url" TEXT NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "body" TEXT,
    "expectedStatus" INTEGER NOT NULL DEFAULT 200,
    "assertions" JSONB NOT NULL DEFAULT '[]',
    "timeoutMs" INTEGER NOT NULL DEFAULT 5000,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SmokeTest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TriggerState" (
    "id" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'ok',
    "value" DOUBLE PRECISION,
    "threshold" DOUBLE PRECISION,
    "breachSince" TIMESTAMP(3),
    "lastFiredAt" TIMESTAMP(3),
    "evaluatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "message" TEXT,

    CONSTRAINT "TriggerState_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Service_name_key" ON "Service"("name");

-- CreateIndex
CREATE INDEX "Incident_status_severity_idx" ON "Incident"("status", "severity");

-- CreateIndex
CREATE INDEX "Incident_serviceId_status_idx" ON "Incident"("serviceId", "status");

-- CreateIndex
CREATE INDEX "TimelineEvent_incidentId_id_idx" ON "TimelineEvent"("incidentId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "RollbackAction_idempotencyKey_key" ON "RollbackAction"("idempotencyKey");

-- CreateIndex
CREATE INDEX "RollbackAction_state_idx" ON "RollbackAction"("state");

-- CreateIndex
CREATE INDEX "RollbackAction_incidentId_idx" ON "RollbackAction"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "RollbackStep_actionId_position_key" ON "RollbackStep"("actionId", "position");

-- CreateIndex
CREATE INDEX "Artifact_incidentId_idx" ON "Artifact"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "NoticeTemplate_name_key" ON "NoticeTemplate"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Notice_incidentId_kind_key" ON "Notice"("incidentId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "NoticeVersion_noticeId_version_key" ON "NoticeVersion"("noticeId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Webhook_name_key" ON "Webhook"("name");

-- CreateIndex
CREATE INDEX "ChecklistItem_incidentId_idx" ON "ChecklistItem"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "PostMortem_incidentId_key" ON "PostMortem"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "TriggerState_serviceId_rule_key" ON "TriggerState"("serviceId", "rule");

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_declaredById_fkey" FOREIGN KEY ("declaredById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimelineEvent" ADD CONSTRAINT "TimelineEvent_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RollbackAction" ADD CONSTRAINT "RollbackAction_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RollbackAction" ADD CONSTRAINT "RollbackAction_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RollbackStep" ADD CONSTRAINT "RollbackStep_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "RollbackAction"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Artifact" ADD CONSTRAINT "Artifact_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Artifact" ADD CONSTRAINT "Artifact_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "RollbackAction"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeVersion" ADD CONSTRAINT "NoticeVersion_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChecklistItem" ADD CONSTRAINT "ChecklistItem_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostMortem" ADD CONSTRAINT "PostMortem_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SmokeTest" ADD CONSTRAINT "SmokeTest_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriggerState" ADD CONSTRAINT "TriggerState_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Timeline events are append-only: nothing may update, delete or truncate them.
CREATE FUNCTION timeline_event_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'timeline events are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "TimelineEvent_no_update_delete" BEFORE UPDATE OR DELETE ON "TimelineEvent"
  FOR EACH ROW EXECUTE FUNCTION timeline_event_immutable();
CREATE TRIGGER "TimelineEvent_no_truncate" BEFORE TRUNCATE ON "TimelineEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION timeline_event_immutable();

-- Ids of one incident's events are handed out and committed in order: take a per-incident
-- transaction lock, then draw the id. Without it, two concurrent writers could commit id 11
-- before id 10, and a live client resuming from Last-Event-ID 11 would never see 10.
CREATE FUNCTION timeline_event_order() RETURNS trigger AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('timeline:' || NEW."incidentId"));
  NEW.id := nextval(pg_get_serial_sequence('"TimelineEvent"', 'id'));
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "TimelineEvent_order" BEFORE INSERT ON "TimelineEvent"
  FOR EACH ROW EXECUTE FUNCTION timeline_event_order();

-- Every insert is announced to all app replicas; they read the rows themselves (payload stays small).
CREATE FUNCTION timeline_event_notify() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('timeline_event', json_build_object('id', NEW.id::text, 'incidentId', NEW."incidentId")::text);
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "TimelineEvent_notify" AFTER INSERT ON "TimelineEvent"
  FOR EACH ROW EXECUTE FUNCTION timeline_event_notify();

-- One active rollback per target, whoever or whatever starts it.
CREATE UNIQUE INDEX "RollbackAction_one_active_per_target" ON "RollbackAction" ("target")
  WHERE "state" IN ('awaiting_approval', 'running');
