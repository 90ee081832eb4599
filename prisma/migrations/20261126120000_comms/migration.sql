-- Comms (issue 6): war-room/doc links for the internal notice, and webhook deliveries keyed for exactly-once sends.
-- AlterTable
ALTER TABLE "Incident" ADD COLUMN     "incidentDocUrl" TEXT,
ADD COLUMN     "warRoomUrl" TEXT;

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "incidentId" TEXT,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WebhookDelivery_state_idx" ON "WebhookDelivery"("state");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_webhookId_key_key" ON "WebhookDelivery"("webhookId", "key");

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "Webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;

