// A real OpenID provider for sign-in tests: oidc-provider (OpenID-certified) on a loopback port,
// issuing real signed ID tokens. The test says who signs in next (`signInAs`) and with which claims;
// the provider's login and consent interactions complete at once for that subject.
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export type OidcClaims = { email?: string; email_verified?: boolean; name?: string; groups?: string[] };

export type TestOidcProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The subject (and its claims) the next authorization logs in. */
  signInAs(subject: string, claims: OidcClaims): void;
  stop(): Promise<void>;
};

/** The e2e control route (opts.control): POST {"subject", "claims"} says who the next sign-in is. */
export const SIGN_IN_AS_PATH = "/__test/sign-in-as";

export async function startOidcProvider(opts: {
  redirectUri: string;
  /** Serve SIGN_IN_AS_PATH, for a browser test in another process (scripts/e2e-sso-dashboard.ts). */
  control?: boolean;
}): Promise<TestOidcProvider> {
  const clientId = "rcc-test";
  const clientSecret = "rcc-test-secret-0123456789";
  const accounts = new Map<string, OidcClaims>();
  let next: string | undefined;

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [opts.redirectUri],
        response_types: ["code"],
        grant_types: ["authorization_code"],
      },
    ],
    async findAccount(_ctx, sub) {
      const claims = accounts.get(sub);
      if (!claims) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...claims }) };
    },
    // `groups` comes with its own scope, as Dex and Okta do: the app must ask for it (AUTH_OIDC_SCOPES).
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    // Like most identity providers, put the requested claims in the ID token itself.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ["rcc-test-cookie-key-0123456789"] },
  });

  // A refused token exchange says why only in error_detail: print it, so a failing sign-in test does.
  provider.on(
    "grant.error",
    (
      ctx: { oidc?: { params?: { redirect_uri?: unknown } } },
      err: { error_description?: string; error_detail?: string },
    ) =>
      console.error(
        `[test oidc provider] token request refused: ${err.error_description} (${err.error_detail}; redirect_uri ${String(ctx.oidc?.params?.redirect_uri)})`,
      ),
  );
  const callback = provider.callback();
  server.on("request", async (req, res) => {
    if (opts.control && req.method === "POST" && req.url === SIGN_IN_AS_PATH) {
      let body = "";
      for await (const chunk of req) body += chunk;
      const { subject, claims } = JSON.parse(body) as { subject: string; claims: OidcClaims };
      accounts.set(subject, claims);
      next = subject;
      res.statusCode = 204;
      return res.end();
    }
    if (!req.url?.startsWith("/interaction/")) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (!next) throw new Error("the test did not say who signs in (signInAs)");
      const grant = new provider.Grant({ accountId: next, clientId });
      grant.addOIDCScope(String(details.params.scope ?? "openid"));
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: next }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    } catch (e) {
      res.statusCode = 500;
      res.end(String(e));
    }
  });

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs(subject, claims) {
      accounts.set(subject, claims);
      next = subject;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
