// The credentials provider's check: switch, throttle, then password. Kept out of the next-auth config
// so tests can run it against their own Prisma clients (two "replicas" on one database).
import { CredentialsSignin } from "next-auth";
import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { verifyPassword } from "@/lib/auth/password";
import { resolveClientAddress } from "@/lib/auth/resolve-client-address";
import { clearSignInAttempts, countSignInAttempt, type ThrottleOptions } from "@/lib/auth/throttle-sign-in";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(200),
});

/** Refused before the password was looked at: too many attempts for the account or the address. */
export class SignInThrottled extends CredentialsSignin {
  code = "throttled";
  constructor(readonly retryAfterSec: number) {
    super();
  }
}

/** Refused because password sign-in is turned off (RCC_PASSWORD_SIGNIN=off). */
export class PasswordSignInOff extends CredentialsSignin {
  code = "password_off";
}

export type AuthorizeOptions = {
  passwordSignIn: boolean;
  trustedProxyHops: number;
  throttle?: ThrottleOptions;
};

export async function authorizeCredentials(
  db: PrismaClient,
  raw: unknown,
  request: Request | undefined,
  opts: AuthorizeOptions,
): Promise<{ id: string; email: string; name: string } | null> {
  if (!opts.passwordSignIn) throw new PasswordSignInOff();
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const keys = {
    email: parsed.data.email,
    address: request ? resolveClientAddress(request.headers, opts.trustedProxyHops) : undefined,
  };
  const verdict = await countSignInAttempt(db, keys, opts.throttle);
  if (!verdict.allowed) throw new SignInThrottled(verdict.retryAfterSec);
  const user = await db.user.findUnique({ where: { email: parsed.data.email } });
  // The system user has no password hash, so this already refuses it.
  if (!(await verifyPassword(parsed.data.password, user?.passwordHash))) return null;
  await clearSignInAttempts(db, keys);
  return { id: user!.id, email: user!.email, name: user!.name };
}
