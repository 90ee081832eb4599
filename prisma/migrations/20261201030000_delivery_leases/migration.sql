-- Webhook and notice deliveries are leased: a sender that crashes leaves a pending row whose lease
-- runs out, and the sweeper re-claims it. Rows pending from before leases have no lease: stale at once.
ALTER TABLE "WebhookDelivery" ADD COLUMN "leaseId" TEXT;
ALTER TABLE "WebhookDelivery" ADD COLUMN "leaseUntil" TIMESTAMP(3);

CREATE INDEX "WebhookDelivery_state_leaseUntil_idx" ON "WebhookDelivery"("state", "leaseUntil");
