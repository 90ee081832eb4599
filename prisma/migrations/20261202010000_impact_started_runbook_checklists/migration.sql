-- Issue 17, "Metrics that mean what they say": an incident keeps two instants, when the impact
-- started (the culprit change, else the first breach) and when it was detected (the rule fired, the
-- alert arrived, a person declared). Until now the trigger path wrote the first breach into
-- "detectedAt", so time to detect read as the gap between the deploy and the breach.
ALTER TABLE "Incident" ADD COLUMN "impactStartedAt" TIMESTAMP(3);

-- Existing rows, honestly: where "detectedAt" is exactly the breachSince of one of the incident's own
-- trigger.fired events (and no person entered that value through the metrics form), it was a first
-- breach. It moves to "impactStartedAt", and "detectedAt" becomes the first trigger.fired event's
-- time: when the rule fired or the alert arrived, as recorded. Every other row keeps its
-- "detectedAt" (a declaration or a person's entry) and an unknown (NULL) impact start.
UPDATE "Incident" i
SET "impactStartedAt" = i."detectedAt",
    "detectedAt" = (
      SELECT min(f."createdAt") FROM "TimelineEvent" f
      WHERE f."incidentId" = i."id" AND f."kind" = 'trigger.fired'
    )
WHERE i."detectedAt" IS NOT NULL
  AND EXISTS (
    SELECT 1 FROM "TimelineEvent" b
    WHERE b."incidentId" = i."id" AND b."kind" = 'trigger.fired'
      AND b."payload"->>'breachSince' IS NOT NULL
      AND ((b."payload"->>'breachSince')::timestamptz AT TIME ZONE 'UTC') = i."detectedAt"
  )
  AND NOT EXISTS (
    SELECT 1 FROM "TimelineEvent" m
    WHERE m."incidentId" = i."id" AND m."kind" = 'metrics.updated'
      AND m."payload"->>'detectedAt' IS NOT NULL
      AND ((m."payload"->>'detectedAt')::timestamptz AT TIME ZONE 'UTC') = i."detectedAt"
  );

-- Issue 17, "The runbook's own words": the default checklists are now the runbook's lists, item for
-- item (lib/checklists/runbook.ts). A phase whose templates are still exactly the previous defaults
-- (nobody edited them) gets the runbook's items; a phase a team edited is theirs and stays as it is.
-- Checklists of existing incidents are records and are not touched.
CREATE TEMP TABLE "_old_defaults" ("phase" "ChecklistPhase", "items" TEXT[]);
INSERT INTO "_old_defaults" VALUES
  ('immediate', ARRAY[
    'Declare the incident, set severity and name the incident commander',
    'Open the incident channel and post the first internal update',
    'Identify the last change (deploy, config, flag, migration) and its time',
    'Decide: roll back, roll forward or mitigate; record the decision on the timeline',
    'Freeze further deploys to the affected service',
    'Capture evidence before rolling back (logs, pod state, metrics snapshot)',
    'Roll back and watch the rollout to completion',
    'Verify: pods on the known-good image, health endpoints, error rate, smoke tests',
    'Post the first customer notice if users are affected']),
  ('short_term', ARRAY[
    'Confirm error rate, latency and business metrics are back to baseline',
    'Check for data written by the bad version (corruption, partial writes, queued jobs)',
    'Reconcile or replay affected data; record any data loss',
    'Estimate the customer and revenue impact',
    'Keep notices on their update cadence until resolved; publish the resolution',
    'Lift the deploy freeze with an agreed fix-forward plan',
    'Schedule the post-mortem within 48 hours and invite everyone involved']),
  ('long_term', ARRAY[
    'Write the blameless post-mortem: timeline, impact, root cause, what went well and badly',
    'Ship the fix for the root cause through the normal pipeline',
    'Create tracked action items with owners and due dates',
    'Share the post-mortem with stakeholders and the wider engineering group',
    'Review the time to detect, decide and roll back against targets']),
  ('prevention', ARRAY[
    'Add or tighten the alert that should have caught this earlier',
    'Add a smoke test that reproduces the failure',
    'Make the rollout safer: canary stage, automatic rollback on the error-rate trigger',
    'Make database migrations backward compatible (expand, then contract)',
    'Put risky changes behind a feature flag with a kill switch',
    'Update the runbook with anything that was missing or wrong',
    'Rehearse the rollback path (game day) for this service']);

CREATE TEMP TABLE "_runbook" ("phase" "ChecklistPhase", "items" TEXT[]);
INSERT INTO "_runbook" VALUES
  ('immediate', ARRAY[
    'Confirm system stability',
    'Document timeline of events',
    'Notify stakeholders of resolution',
    'Capture logs and metrics',
    'Update status page',
    'Begin preliminary root cause analysis']),
  ('short_term', ARRAY[
    'Conduct incident review meeting',
    'Create detailed incident report',
    'Identify and document root cause',
    'Plan fixes for the issues',
    'Update runbooks with learnings',
    'Test fixes in staging']),
  ('long_term', ARRAY[
    'Implement permanent fixes',
    'Add missing tests/monitoring',
    'Conduct blameless post-mortem',
    'Share learnings with team',
    'Update deployment procedures',
    'Plan re-deployment strategy']),
  ('prevention', ARRAY[
    'Root cause identified and fixed',
    'Tests added to catch this issue',
    'Monitoring added for this scenario',
    'Deployment process updated',
    'Team trained on lessons learned',
    'Runbook updated with this scenario',
    'Similar risks identified and mitigated']);

CREATE TEMP TABLE "_untouched" AS
SELECT o."phase" FROM "_old_defaults" o
WHERE o."items" = ARRAY(
  SELECT t."text" FROM "ChecklistTemplate" t WHERE t."phase" = o."phase" ORDER BY t."position", t."id"
);

DELETE FROM "ChecklistTemplate" WHERE "phase" IN (SELECT "phase" FROM "_untouched");
INSERT INTO "ChecklistTemplate" ("id", "phase", "position", "text")
SELECT gen_random_uuid()::text, r."phase", (item.ord - 1)::int, item.text
FROM "_runbook" r
CROSS JOIN LATERAL unnest(r."items") WITH ORDINALITY AS item(text, ord)
WHERE r."phase" IN (SELECT "phase" FROM "_untouched");

DROP TABLE "_untouched", "_runbook", "_old_defaults";
