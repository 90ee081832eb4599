-- GitOps holds (issue 16): an Argo CD Application's automated sync or a Flux object's suspend flag,
-- recorded so "Release hold" can restore it exactly.
CREATE TABLE "GitopsHold" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "clusterContext" TEXT NOT NULL,
    "apiVersion" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "uid" TEXT NOT NULL,
    "resourceVersion" TEXT NOT NULL,
    "previous" JSONB NOT NULL,
    "specAfterHold" JSONB NOT NULL,
    "heldBy" TEXT NOT NULL,
    "heldById" TEXT NOT NULL,
    "heldAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "releasedBy" TEXT,
    "releasedById" TEXT,
    "releasedAt" TIMESTAMP(3),

    CONSTRAINT "GitopsHold_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "GitopsHold_incidentId_idx" ON "GitopsHold"("incidentId");

ALTER TABLE "GitopsHold" ADD CONSTRAINT "GitopsHold_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "GitopsHold" ADD CONSTRAINT "GitopsHold_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- One active hold per object: a second hold would record the first hold's state as "previous".
CREATE UNIQUE INDEX "GitopsHold_one_active_per_object" ON "GitopsHold" ("clusterContext", "kind", "namespace", "name")
  WHERE "releasedAt" IS NULL;
