// Which user an OIDC sign-in is. An identity is (issuer, subject), stored as an Account row
// (provider "oidc:" + issuer, providerAccountId = subject) and found by that pair on every later
// sign-in, whatever email the provider then asserts. Only a FIRST sign-in looks at the email:
// - it must be verified by the provider (ID token `email_verified: true`), else anyone who can set an
//   unverified address at the provider could take over, or squat, the user with that address;
// - an existing user with a password is never linked (that account stays separate: an admin links it);
// - an existing user already linked to another subject at the same issuer is not linked again;
// - otherwise the existing user is linked, or a new user is created with the default role (viewer
//   unless RCC_OIDC_DEFAULT_ROLE says otherwise; the group policy or an admin grants more).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { AUTO_TRIGGER } from "@/lib/auth/acting-user";

export type OidcIdentity = {
  issuer: string;
  subject: string;
  email?: string | null;
  emailVerified?: boolean | null;
  name?: string | null;
};

export type LinkRefusal = "no_identity" | "unverified_email" | "password_account" | "already_linked" | "system";
export type LinkResult =
  { ok: true; userId: string; how: "known" | "linked" | "created" } | { ok: false; reason: LinkRefusal };

/** The sentence the login page shows for each refusal (`/login?error=<reason>`). */
export const LINK_REFUSAL_MESSAGES: Record<LinkRefusal, string> = {
  no_identity: "Your identity provider did not say who you are (no subject or email). Ask an admin.",
  unverified_email: "Your identity provider has not verified your email address, so it cannot be used to sign in.",
  password_account: "This email belongs to a password account; ask an admin to link it.",
  already_linked: "This email belongs to a user linked to another single sign-on identity; ask an admin.",
  system: "This identity cannot sign in.",
};

export function oidcProviderId(issuer: string): string {
  return `oidc:${issuer.replace(/\/+$/, "")}`;
}

export async function linkOidcIdentity(
  db: PrismaClient,
  identity: OidcIdentity,
  opts: { defaultRole?: Role } = {},
): Promise<LinkResult> {
  if (!identity.issuer || !identity.subject) return { ok: false, reason: "no_identity" };
  const provider = oidcProviderId(identity.issuer);
  const known = await db.account.findUnique({
    where: { provider_providerAccountId: { provider, providerAccountId: identity.subject } },
    select: { userId: true },
  });
  if (known) {
    if (known.userId === AUTO_TRIGGER.id) return { ok: false, reason: "system" };
    return { ok: true, userId: known.userId, how: "known" };
  }

  const email = identity.email?.trim().toLowerCase();
  if (!email) return { ok: false, reason: "no_identity" };
  // An identity provider asserting the system user's address does not make anyone the system.
  if (email === AUTO_TRIGGER.email) return { ok: false, reason: "system" };
  if (identity.emailVerified !== true) return { ok: false, reason: "unverified_email" };

  const existing = await db.user.findUnique({
    where: { email },
    select: { id: true, passwordHash: true, accounts: { where: { provider }, select: { id: true } } },
  });
  if (existing) {
    if (existing.passwordHash) return { ok: false, reason: "password_account" };
    if (existing.accounts.length > 0) return { ok: false, reason: "already_linked" };
    await db.account.create({ data: { userId: existing.id, provider, providerAccountId: identity.subject } });
    return { ok: true, userId: existing.id, how: "linked" };
  }
  const created = await db.user.create({
    data: {
      email,
      name: identity.name?.trim() || email,
      role: opts.defaultRole ?? "viewer",
      accounts: { create: { provider, providerAccountId: identity.subject } },
    },
    select: { id: true },
  });
  return { ok: true, userId: created.id, how: "created" };
}
