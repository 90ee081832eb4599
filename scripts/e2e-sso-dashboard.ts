// A dashboard signing in through a real OpenID provider, for e2e/oidc-teams.spec.ts: oidc-provider on
// loopback (test/oidc/provider.ts; the spec says who signs in next through its control route), the
// group policy as a file (RCC_OIDC_GROUP_ROLES_FILE, as the chart mounts it) and a catalog with a
// team-owned service. Its own server and database: with SSO on, the login page has a second "Sign in
// with …" button, which the other specs' password sign-in must not meet. Specs find it at
// E2E_SSO_BASE_URL and the provider at E2E_OIDC_ISSUER.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDatabase } from "../test/postgres/database";
import { startOidcProvider } from "../test/oidc/provider";
import { seed } from "../prisma/seed";

const root = path.resolve(import.meta.dirname, "..");

export const E2E_GROUP_POLICY = `# e2e: SREs command and own payments; search on-call command search
g, sre, role:commander
g, sre, team:payments
g, search-oncall, role:commander
g, search-oncall, team:search
`;

const CATALOG = `apiVersion: rollback-command-center.io/v1
kind: ServiceCatalog
services:
  - name: payments
    description: "e2e: owned by team payments"
    deployments: [payments]
    team: payments
`;

export function wantsSsoDashboard(args: readonly string[]): boolean {
  const files = args.filter((a) => !a.startsWith("-"));
  return files.length === 0 || files.some((f) => f.includes("oidc"));
}

async function waitHealthy(url: string, exited: () => number | null) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited() !== null) throw new Error(`the SSO dashboard exited with ${exited()} before answering`);
    if (
      await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    if (Date.now() > deadline) throw new Error(`the SSO dashboard did not answer ${url}/api/health within 60 s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function startSsoDashboard(
  env: NodeJS.ProcessEnv,
  port: number,
): Promise<{ url: string; issuer: string; stop(): Promise<void> }> {
  // localhost, not 127.0.0.1: under `next start -H 127.0.0.1` next-auth's callback route sees its own
  // origin as http://localhost:PORT (AUTH_URL notwithstanding), so the token exchange's redirect_uri
  // would differ from the authorize request's; with localhost everywhere the two agree.
  const url = `http://localhost:${port}`;
  const database = await createDatabase("rcc_e2e_sso");
  await seed(database.url, { users: "embedded-known-passwords" });
  const idp = await startOidcProvider({ redirectUri: `${url}/api/auth/callback/oidc`, control: true });
  const dir = await mkdtemp(path.join(os.tmpdir(), "rcc-e2e-sso-"));
  await writeFile(path.join(dir, "policy.csv"), E2E_GROUP_POLICY);
  await writeFile(path.join(dir, "catalog.yaml"), CATALOG);
  const serverEnv: NodeJS.ProcessEnv = {
    ...env,
    DATABASE_URL: database.url,
    // The provider only knows this origin's callback: build every auth URL (the authorize and the
    // token exchange's redirect_uri alike) from it, not from whatever host the server names itself.
    AUTH_URL: url,
    AUTH_OIDC_ISSUER: idp.issuer,
    AUTH_OIDC_CLIENT_ID: idp.clientId,
    AUTH_OIDC_CLIENT_SECRET: idp.clientSecret,
    AUTH_OIDC_NAME: "Corp SSO",
    AUTH_OIDC_SCOPES: "openid profile email groups",
    RCC_OIDC_GROUP_ROLES_FILE: path.join(dir, "policy.csv"),
    RCC_OIDC_DEFAULT_ROLE: "viewer",
    RCC_CATALOG: path.join(dir, "catalog.yaml"),
  };
  const child = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: serverEnv,
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr.on("data", (d: Buffer) => process.stderr.write(`[e2e sso dashboard] ${d}`));
  let code: number | null = null;
  const exit = new Promise<void>((resolve) => child.on("exit", (c) => ((code = c ?? 1), resolve())));
  const stop = async () => {
    if (code === null) {
      child.kill("SIGTERM");
      await Promise.race([exit, new Promise((r) => setTimeout(r, 10_000))]);
    }
    await idp.stop();
    await rm(dir, { recursive: true, force: true });
    if (!process.env.KEEP_TEST_DB) await database.drop();
  };
  try {
    await waitHealthy(url, () => code);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, issuer: idp.issuer, stop };
}
