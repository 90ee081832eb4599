// Environment, validated once at the boundary. Everything optional has a safe local default.
import { z } from "zod";
import { ROLES } from "@/lib/permissions";

const optionalUrl = z
  .string()
  .url()
  .optional()
  .or(z.literal("").transform(() => undefined));

const envSchema = z.object({
  // Optional here so `next build` needs no database; lib/db.ts insists on it at first use.
  DATABASE_URL: z.string().min(1).optional(),
  AUTH_SECRET: z.string().min(16).optional(),
  AUTH_OIDC_ISSUER: optionalUrl,
  AUTH_OIDC_CLIENT_ID: z.string().optional(),
  AUTH_OIDC_CLIENT_SECRET: z.string().optional(),
  AUTH_OIDC_NAME: z.string().default("Single sign-on"),
  // The scopes the sign-in asks for; add the one your provider needs for a `groups` claim (Dex,
  // Okta: "groups").
  AUTH_OIDC_SCOPES: z.string().min(1).default("openid profile email"),
  // The OIDC group policy file (Argo CD policy.csv `g` lines: lib/auth/group-policy.ts). Set, it
  // replaces the policy stored in Postgres and makes it read-only in the admin UI.
  RCC_OIDC_GROUP_ROLES_FILE: z.string().min(1).optional(),
  // The role of a new OIDC user, and of one whose groups map to no role while a policy is set.
  RCC_OIDC_DEFAULT_ROLE: z.enum(ROLES).default("viewer"),
  // "off" turns password sign-in off (meant for when single sign-on is configured): the login page
  // shows no password form and the server refuses every credentials sign-in. Off means off: without
  // SSO configured nobody can sign in, rather than passwords quietly coming back.
  RCC_PASSWORD_SIGNIN: z.enum(["on", "off"]).default("on"),
  // How many reverse proxies in front of the app append to X-Forwarded-For (the sign-in throttle's
  // client address). 0 (the default): no header is believed and the address is the TCP peer's, as the
  // server saw it (lib/auth/client-address.ts). N: the entry N from the right, i.e. the address the
  // outermost of your N proxies saw; entries left of it are whatever the client sent.
  RCC_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  KUBECONFIG: z.string().optional(),
  PROMETHEUS_URL: optionalUrl,
  ALERTMANAGER_WEBHOOK_TOKEN: z.string().optional(),
  RCC_BACKGROUND: z.enum(["on", "off"]).default("on"),
  // The main database pool (lib/db.ts), so a blackholed or stuck Postgres fails fast instead of
  // hanging every action: opening a connection or waiting for a free one (ms), one statement (ms,
  // enforced by the server) and a transaction left idle by its client (ms; also what releases the
  // row locks of a replica paused mid-transaction). A query whose answer never comes back fails
  // after the statement timeout plus 5 s on the client side.
  RCC_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  RCC_DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  RCC_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  // The rollback runner's claim (lib/rollback/runner.ts): how often the holder heartbeats, and how
  // old a heartbeat must be before another replica takes the rollback over. Keep the stale time a
  // few heartbeats long and above the idle-in-transaction timeout.
  RCC_RUNNER_HEARTBEAT_MS: z.coerce.number().int().min(100).default(3_000),
  RCC_RUNNER_STALE_MS: z.coerce.number().int().min(500).default(15_000),
  RCC_PUBLIC_URL: optionalUrl,
  // The declarative service catalog (YAML file path), watched and applied: lib/services/catalog/.
  RCC_CATALOG: z.string().optional(),
  // How often the leader replica discovers the clusters and applies workload annotations
  // (rollback-command-center.io/service …) to the catalog: lib/services/discovery/sync-annotated-services.ts.
  RCC_DISCOVERY_INTERVAL_MS: z.coerce.number().int().min(5_000).default(60_000),
  // How long captured artifacts (the YAML and pod logs kept before a rollback) are kept, in days:
  // older ones are deleted by the background sweep (lib/rollback/sweep-artifacts.ts), and the
  // incident page says when each expires.
  RCC_ARTIFACT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
      throw new Error(`Invalid environment:\n${lines}`);
    }
    cached = parsed.data;
  }
  return cached;
}

export function oidcEnabled(e: Env = env()): boolean {
  return Boolean(e.AUTH_OIDC_ISSUER && e.AUTH_OIDC_CLIENT_ID && e.AUTH_OIDC_CLIENT_SECRET);
}

export function passwordSignInEnabled(e: Env = env()): boolean {
  return e.RCC_PASSWORD_SIGNIN !== "off";
}
