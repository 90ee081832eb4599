-- Who confirmed a rollback, so the two-person rule can refuse the confirmer as its approver.
ALTER TABLE "RollbackAction" ADD COLUMN "confirmedById" TEXT;
