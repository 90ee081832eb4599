import "server-only";
// next-auth v5: local credentials (bcrypt, throttled) unless RCC_PASSWORD_SIGNIN=off; a generic OIDC
// provider when its env is set.
// Sessions are JWTs holding only the user id: the role is read from the database on every check,
// so a role change by an admin applies at once.
import NextAuth, { type NextAuthConfig, type Profile } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { db } from "@/lib/db";
import { env, oidcEnabled, passwordSignInEnabled } from "@/lib/env";
import { authorizeCredentials } from "@/lib/auth/authorize-credentials";
import { linkOidcIdentity, oidcProviderId, type OidcIdentity } from "@/lib/auth/link-oidc-identity";
import { applyOidcGroups } from "@/lib/auth/apply-oidc-groups";
import { groupsClaim } from "@/lib/auth/group-policy";

function providers(): NextAuthConfig["providers"] {
  const e = env();
  const list: NextAuthConfig["providers"] = [];
  // RCC_PASSWORD_SIGNIN=off: no credentials provider at all, so its callback route answers nothing.
  if (passwordSignInEnabled(e)) {
    list.push(
      Credentials({
        credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
        authorize: (raw, request) =>
          authorizeCredentials(db, raw, request, {
            passwordSignIn: passwordSignInEnabled(e),
            trustedProxyHops: e.RCC_TRUSTED_PROXY_HOPS,
          }),
      }),
    );
  }
  if (oidcEnabled(e)) {
    list.push({
      id: "oidc",
      name: e.AUTH_OIDC_NAME,
      type: "oidc",
      issuer: e.AUTH_OIDC_ISSUER,
      clientId: e.AUTH_OIDC_CLIENT_ID,
      clientSecret: e.AUTH_OIDC_CLIENT_SECRET,
      authorization: { params: { scope: e.AUTH_OIDC_SCOPES } },
    });
  }
  return list;
}

/** The identity in a validated ID token: its issuer and subject, and the email it asserts. */
function identityOf(profile: Profile | undefined): OidcIdentity {
  return {
    issuer: typeof profile?.iss === "string" ? profile.iss : (env().AUTH_OIDC_ISSUER ?? ""),
    subject: typeof profile?.sub === "string" ? profile.sub : "",
    email: typeof profile?.email === "string" ? profile.email : null,
    emailVerified: profile?.email_verified === true,
    name: typeof profile?.name === "string" ? profile.name : null,
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  secret: process.env.AUTH_SECRET,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  // A wrong password is an answer, not a server error: keep it out of the error log.
  logger: {
    error(error) {
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
  },
  providers: providers(),
  callbacks: {
    // OIDC sign-ins are matched by (issuer, subject); only a first sign-in links by a verified email,
    // never to a password account, and new users get RCC_OIDC_DEFAULT_ROLE (lib/auth/link-oidc-identity.ts).
    // Then the ID token's `groups` set role and teams through the group policy, at every sign-in
    // (lib/auth/apply-oidc-groups.ts).
    async signIn({ account, profile }) {
      if (account?.provider !== "oidc") return true;
      const e = env();
      const linked = await linkOidcIdentity(db, identityOf(profile), { defaultRole: e.RCC_OIDC_DEFAULT_ROLE });
      if (!linked.ok) return `/login?error=${linked.reason}`;
      await applyOidcGroups(
        db,
        { userId: linked.userId, groups: groupsClaim(profile?.groups), created: linked.how === "created" },
        { defaultRole: e.RCC_OIDC_DEFAULT_ROLE, policyFile: e.RCC_OIDC_GROUP_ROLES_FILE },
      );
      return true;
    },
    async jwt({ token, user, account, profile }) {
      if (account?.provider === "oidc") {
        const identity = identityOf(profile);
        const row = await db.account.findUnique({
          where: {
            provider_providerAccountId: {
              provider: oidcProviderId(identity.issuer),
              providerAccountId: identity.subject,
            },
          },
          select: { userId: true },
        });
        token.uid = row?.userId;
      } else if (user?.id) {
        token.uid = user.id;
      }
      return token;
    },
    async session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
});
