// Environment, validated once at the boundary. Everything optional has a safe local default.
import { z } from "zod";

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
  RCC_PUBLIC_URL: optionalUrl,
  // The declarative service catalog (YAML file path), watched and applied: lib/services/catalog/.
  RCC_CATALOG: z.string().optional(),
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
