-- Who may do what, from the identity provider (issue 15): OIDC groups map to a role and teams
-- (GroupPolicy, Argo CD policy.csv style), a service may have an owning team, and every change of a
-- user's role or teams is audited (RoleAudit).
ALTER TABLE "User" ADD COLUMN "teams" TEXT[] DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "User" ADD COLUMN "roleSource" TEXT NOT NULL DEFAULT 'admin';
ALTER TABLE "Service" ADD COLUMN "team" TEXT;

CREATE TABLE "RoleAudit" (
  "id" BIGSERIAL NOT NULL,
  "userId" TEXT NOT NULL,
  "userEmail" TEXT NOT NULL,
  "source" TEXT NOT NULL,
  "actorId" TEXT,
  "actorName" TEXT NOT NULL,
  "roleBefore" "Role",
  "roleAfter" "Role" NOT NULL,
  "teamsBefore" TEXT[],
  "teamsAfter" TEXT[],
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "RoleAudit_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "RoleAudit_userId_id_idx" ON "RoleAudit"("userId", "id");

CREATE TABLE "GroupPolicy" (
  "id" TEXT NOT NULL DEFAULT 'default',
  "text" TEXT NOT NULL DEFAULT '',
  "managedBy" TEXT NOT NULL DEFAULT 'editor',
  "revision" INTEGER NOT NULL DEFAULT 1,
  "updatedById" TEXT,
  "updatedByName" TEXT,
  "updatedAt" TIMESTAMP(3) NOT NULL,
  CONSTRAINT "GroupPolicy_pkey" PRIMARY KEY ("id")
);
