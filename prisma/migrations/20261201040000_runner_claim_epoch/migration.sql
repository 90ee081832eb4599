-- The runner's fencing token (issue 14): incremented on every claim, so a runner paused past its
-- heartbeat cannot write after another one took the rollback over (nor an older run of itself).
ALTER TABLE "RollbackAction" ADD COLUMN "claimEpoch" INTEGER NOT NULL DEFAULT 0;
