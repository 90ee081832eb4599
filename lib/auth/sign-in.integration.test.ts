// Sign-in end to end through the app's own next-auth handlers, against a real OpenID provider
// (oidc-provider on loopback, real signed ID tokens) and the test Postgres: OIDC identities are
// (issuer, subject), a first sign-in links only by a verified email and never to a password account,
// RCC_PASSWORD_SIGNIN=off refuses passwords, and the throttle answers the route as well as the form.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { startOidcProvider, type TestOidcProvider } from "@/test/oidc/provider";
import { authClient, type AuthHandlers } from "@/test/oidc/auth-client";

const ORIGIN = "http://127.0.0.1:3999";
const uniq = () => Math.random().toString(36).slice(2, 8);

let idp: TestOidcProvider;

/** The app's auth route handlers as the server would build them from this environment. */
async function appHandlers(env: Record<string, string | undefined>): Promise<AuthHandlers> {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  vi.resetModules(); // lib/env caches the environment, lib/auth/config builds its providers once
  return (await import("@/lib/auth/config")).handlers as AuthHandlers;
}

const withSso = () => ({
  AUTH_OIDC_ISSUER: idp.issuer,
  AUTH_OIDC_CLIENT_ID: idp.clientId,
  AUTH_OIDC_CLIENT_SECRET: idp.clientSecret,
  RCC_PASSWORD_SIGNIN: undefined,
});

async function passwordUser(password = "right-pass-123") {
  const email = `pw-${uniq()}@test.local`;
  const u = await db.user.create({
    data: { email, name: "Pat Password", role: "responder", passwordHash: await hashPassword(password) },
  });
  return { ...u, password };
}

beforeAll(async () => {
  idp = await startOidcProvider({ redirectUri: `${ORIGIN}/api/auth/callback/oidc` });
});
afterAll(async () => {
  await idp?.stop();
  for (const k of ["AUTH_OIDC_ISSUER", "AUTH_OIDC_CLIENT_ID", "AUTH_OIDC_CLIENT_SECRET", "RCC_PASSWORD_SIGNIN"])
    delete process.env[k];
});

describe("OIDC sign-in", () => {
  it("creates a viewer on first sign-in and finds them again by (issuer, subject), whatever email comes later", async () => {
    const handlers = await appHandlers(withSso());
    const sub = `sub-${uniq()}`;
    const email = `new-${uniq()}@corp.test`;
    idp.signInAs(sub, { email, email_verified: true, name: "Nia New" });
    const first = await authClient(handlers, ORIGIN).oidc();
    expect(first.landedOn).toBe("/incidents");
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(first.userId).toBe(user.id);
    expect(user.role).toBe("viewer");

    // Same subject, a different (even unverified) email: still the same user, not a new one.
    idp.signInAs(sub, { email: `renamed-${uniq()}@corp.test`, email_verified: false });
    const again = await authClient(handlers, ORIGIN).oidc();
    expect(again.landedOn).toBe("/incidents");
    expect(again.userId).toBe(user.id);
    const accounts = await db.account.findMany({ where: { userId: user.id } });
    expect(accounts).toEqual([expect.objectContaining({ provider: `oidc:${idp.issuer}`, providerAccountId: sub })]);
  });

  it("links a first sign-in to an existing (password-less) user only when the email is verified", async () => {
    const handlers = await appHandlers(withSso());
    const existing = await db.user.create({
      data: { email: `sso-${uniq()}@corp.test`, name: "Sam Sso", role: "commander" },
    });

    idp.signInAs(`sub-${uniq()}`, { email: existing.email, email_verified: false });
    const unverified = await authClient(handlers, ORIGIN).oidc();
    expect(unverified.userId).toBeNull();
    expect(unverified.landedOn).toBe("/login?error=unverified_email");
    expect(await db.account.count({ where: { userId: existing.id } })).toBe(0);

    const sub = `sub-${uniq()}`;
    idp.signInAs(sub, { email: existing.email, email_verified: true });
    const verified = await authClient(handlers, ORIGIN).oidc();
    expect(verified.landedOn).toBe("/incidents");
    expect(verified.userId).toBe(existing.id);
    expect((await db.user.findUniqueOrThrow({ where: { id: existing.id } })).role).toBe("commander");

    // Another subject asserting the same verified email is not the same person: no second link.
    idp.signInAs(`sub-${uniq()}`, { email: existing.email, email_verified: true });
    const other = await authClient(handlers, ORIGIN).oidc();
    expect(other.userId).toBeNull();
    expect(other.landedOn).toBe("/login?error=already_linked");
  });

  it("never links to a password account, even with a verified email", async () => {
    const handlers = await appHandlers(withSso());
    const pw = await passwordUser();
    idp.signInAs(`sub-${uniq()}`, { email: pw.email.toUpperCase(), email_verified: true });
    const out = await authClient(handlers, ORIGIN).oidc();
    expect(out.userId).toBeNull();
    expect(out.landedOn).toBe("/login?error=password_account");
    expect(await db.account.count({ where: { userId: pw.id } })).toBe(0);
    const { LINK_REFUSAL_MESSAGES } = await import("@/lib/auth/link-oidc-identity");
    expect(LINK_REFUSAL_MESSAGES.password_account).toBe(
      "This email belongs to a password account; ask an admin to link it.",
    );
  });

  it("does not create a user for an unverified email", async () => {
    const handlers = await appHandlers(withSso());
    const email = `squat-${uniq()}@corp.test`;
    idp.signInAs(`sub-${uniq()}`, { email, email_verified: false });
    const out = await authClient(handlers, ORIGIN).oidc();
    expect(out.userId).toBeNull();
    expect(await db.user.count({ where: { email } })).toBe(0);
  });
});

describe("RCC_PASSWORD_SIGNIN", () => {
  it("on (the default): the right password signs in", async () => {
    const handlers = await appHandlers(withSso());
    const pw = await passwordUser();
    const out = await authClient(handlers, ORIGIN).password(pw.email, pw.password);
    expect(out.userId).toBe(pw.id);
  });

  it("off: the server refuses credentials sign-in even with the right password; SSO still works", async () => {
    const handlers = await appHandlers({ ...withSso(), RCC_PASSWORD_SIGNIN: "off" });
    const pw = await passwordUser();
    const out = await authClient(handlers, ORIGIN).password(pw.email, pw.password);
    expect(out.userId).toBeNull();
    expect(out.landedOn).not.toBe("/incidents");
    const { passwordSignInEnabled } = await import("@/lib/env");
    expect(passwordSignInEnabled()).toBe(false); // the login page shows no password form

    idp.signInAs(`sub-${uniq()}`, { email: `off-${uniq()}@corp.test`, email_verified: true });
    expect((await authClient(handlers, ORIGIN).oidc()).landedOn).toBe("/incidents");
  });
});

describe("throttling through the sign-in route", () => {
  it("after 5 failures the route refuses the right password with the throttled code", async () => {
    const handlers = await appHandlers(withSso());
    const pw = await passwordUser();
    const browser = authClient(handlers, ORIGIN, { "x-rcc-peer-address": `10.9.${Math.floor(Math.random() * 250)}.1` });
    for (let i = 0; i < 5; i++) expect((await browser.password(pw.email, "wrong")).userId).toBeNull();
    const sixth = await browser.password(pw.email, pw.password);
    expect(sixth.userId).toBeNull();
    expect(sixth.landedOn).toContain("code=throttled");
  });
});
