-- Sign-in throttling (issue 14): attempts per account and per client address in a fixed window, in
-- Postgres so that every replica counts the same attempts. One row per key; the app counts with one
-- INSERT … ON CONFLICT DO UPDATE … RETURNING (no read-then-write race) and deletes expired rows.
CREATE TABLE "SignInThrottle" (
  "key" TEXT NOT NULL,
  "attempts" INTEGER NOT NULL DEFAULT 0,
  "windowStart" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "SignInThrottle_pkey" PRIMARY KEY ("key")
);
CREATE INDEX "SignInThrottle_windowStart_idx" ON "SignInThrottle"("windowStart");
