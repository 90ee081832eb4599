import "server-only";
// next-auth v5: local credentials (bcrypt) always; a generic OIDC provider when its env is set.
// Sessions are JWTs holding only the user id: the role is read from the database on every check,
// so a role change by an admin applies at once.
import NextAuth, { type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "@/lib/db";
import { env, oidcEnabled } from "@/lib/env";
import { verifyPassword } from "@/lib/auth/password";
import { AUTO_TRIGGER } from "@/lib/auth/acting-user";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(200),
});

function providers(): NextAuthConfig["providers"] {
  const list: NextAuthConfig["providers"] = [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const user = await db.user.findUnique({ where: { email: parsed.data.email } });
        // The system user has no password hash, so this already refuses it.
        if (!(await verifyPassword(parsed.data.password, user?.passwordHash))) return null;
        return { id: user!.id, email: user!.email, name: user!.name };
      },
    }),
  ];
  const e = env();
  if (oidcEnabled(e)) {
    list.push({
      id: "oidc",
      name: e.AUTH_OIDC_NAME,
      type: "oidc",
      issuer: e.AUTH_OIDC_ISSUER,
      clientId: e.AUTH_OIDC_CLIENT_ID,
      clientSecret: e.AUTH_OIDC_CLIENT_SECRET,
    });
  }
  return list;
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
    // OIDC users are created on first sign-in as viewers; an admin grants more.
    async signIn({ user, account }) {
      if (account?.provider !== "oidc") return true;
      const email = user.email?.toLowerCase();
      // An identity provider asserting the system user's address does not make anyone the system.
      if (!email || email === AUTO_TRIGGER.email) return false;
      await db.user.upsert({
        where: { email },
        update: {},
        create: { email, name: user.name ?? email, role: "viewer" },
      });
      return true;
    },
    async jwt({ token, user, account }) {
      if (user && account?.provider === "oidc" && user.email) {
        const row = await db.user.findUnique({ where: { email: user.email.toLowerCase() } });
        token.uid = row?.id;
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
