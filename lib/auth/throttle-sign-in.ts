// Sign-in throttling shared by every replica: attempts are counted in Postgres ("SignInThrottle"), per
// account (the email typed, whether or not such a user exists, so the limit tells nothing about who
// has an account) and per client address (lib/auth/resolve-client-address.ts), in a fixed window.
//
// Every attempt is counted before the password is checked, by one INSERT … ON CONFLICT DO UPDATE …
// RETURNING: concurrent attempts on any replica serialize on the row, so there is no read-then-write
// race and no burst slips past the limit. A successful sign-in then clears the account's counter and
// gives the address its attempt back, so only failures remain counted. Times are the database's.
import type { PrismaClient } from "@/lib/generated/prisma/client";

export const SIGN_IN_WINDOW_SEC = 15 * 60;
export const SIGN_IN_LIMITS = { account: 5, address: 20 } as const;

export type SignInKeys = { email: string; address?: string };
export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSec: number };
export type ThrottleOptions = { windowSec?: number; limits?: { account: number; address: number } };

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;

function keysOf(k: SignInKeys): string[] {
  const keys = [accountKey(k.email)];
  if (k.address) keys.push(addressKey(k.address));
  return keys.sort(); // one lock order for every statement
}

/** Counts one attempt for the account and the address; refuses it when either is over its limit. */
export async function countSignInAttempt(
  db: PrismaClient,
  k: SignInKeys,
  opts: ThrottleOptions = {},
): Promise<ThrottleVerdict> {
  const windowSec = opts.windowSec ?? SIGN_IN_WINDOW_SEC;
  const limits = opts.limits ?? SIGN_IN_LIMITS;
  // Old rows expire: a window that has passed counts for nothing, so its row can go.
  await db.$executeRaw`
    DELETE FROM "SignInThrottle"
    WHERE "windowStart" <= (now() AT TIME ZONE 'UTC') - make_interval(secs => ${windowSec}::float8)`;
  const rows = await db.$queryRaw<{ key: string; attempts: number; retryAfter: number }[]>`
    INSERT INTO "SignInThrottle" AS t ("key", "attempts", "windowStart")
    SELECT k, 1, (now() AT TIME ZONE 'UTC') FROM unnest(${keysOf(k)}::text[]) AS k
    ON CONFLICT ("key") DO UPDATE SET
      "attempts" = CASE
        WHEN t."windowStart" <= (now() AT TIME ZONE 'UTC') - make_interval(secs => ${windowSec}::float8) THEN 1
        ELSE t."attempts" + 1 END,
      "windowStart" = CASE
        WHEN t."windowStart" <= (now() AT TIME ZONE 'UTC') - make_interval(secs => ${windowSec}::float8)
        THEN (now() AT TIME ZONE 'UTC')
        ELSE t."windowStart" END
    RETURNING t."key", t."attempts",
      EXTRACT(EPOCH FROM (t."windowStart" + make_interval(secs => ${windowSec}::float8)
        - (now() AT TIME ZONE 'UTC')))::float8 AS "retryAfter"`;
  let retryAfter = 0;
  for (const r of rows) {
    const limit = r.key.startsWith("account:") ? limits.account : limits.address;
    if (r.attempts > limit) retryAfter = Math.max(retryAfter, r.retryAfter);
  }
  return retryAfter > 0 ? { allowed: false, retryAfterSec: Math.max(1, Math.ceil(retryAfter)) } : { allowed: true };
}

/** After a successful sign-in: the account starts afresh, and the address gets this attempt back. */
export async function clearSignInAttempts(db: PrismaClient, k: SignInKeys): Promise<void> {
  await db.$executeRaw`DELETE FROM "SignInThrottle" WHERE "key" = ${accountKey(k.email)}`;
  if (k.address) {
    await db.$executeRaw`
      UPDATE "SignInThrottle" SET "attempts" = GREATEST("attempts" - 1, 0) WHERE "key" = ${addressKey(k.address)}`;
  }
}

export function throttledMessage(retryAfterSec: number): string {
  return `Too many attempts; try again in ${retryAfterSec} s.`;
}
