-- The system user (issue 12): automatic triggers act as a real User row, so a user id is never null.
-- Its id is fixed (SYSTEM_USER_ID in lib/auth/acting-user.ts). It has no password hash, so the
-- credentials sign-in refuses it, and the app refuses an OIDC sign-in or a session naming it.
INSERT INTO "User" ("id", "email", "name", "passwordHash", "role", "createdAt", "updatedAt")
VALUES ('system-auto-trigger', 'auto-trigger@system.invalid', 'auto-trigger', NULL, 'commander', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

-- Old rows: only the trigger watcher acted without a user id, so the rollbacks it requested and the
-- incidents it (or Alertmanager) declared are the system user's. Manual incidents keep theirs.
UPDATE "RollbackAction" SET "requestedById" = 'system-auto-trigger' WHERE "requestedById" IS NULL;
UPDATE "Incident" SET "declaredById" = 'system-auto-trigger' WHERE "declaredById" IS NULL AND "source" <> 'manual';

-- AlterTable
ALTER TABLE "RollbackAction" ALTER COLUMN "requestedById" SET NOT NULL;

-- Timeline events are append-only (a trigger refuses UPDATE), so old events keep a null "actorId".
