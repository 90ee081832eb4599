// What a commander asks of a DR escalation (browser-safe: zod only; the planner's form builds it).
// The env var names and the DR context must be the service's own (settings.ts refuses others).
import { z } from "zod";
import { serviceEnvNamePattern } from "@/lib/services/env-name";

export const DR_STEPS = ["failover", "dns", "page", "status-notice", "bridge"] as const;
export type DrStep = (typeof DR_STEPS)[number];

const blank = (v: unknown) => (v === "" ? undefined : v);
const envName = z.preprocess(
  blank,
  z.string().regex(serviceEnvNamePattern, "must name an RCC_SERVICE_* environment variable").optional(),
);
const text = (max: number) => z.preprocess(blank, z.string().max(max).optional());

export const drFailoverParamsSchema = z.object({
  deployment: z.string().min(1),
  steps: z
    .preprocess(
      (v) =>
        typeof v === "string"
          ? v
              .split(",")
              .map((s) => s.trim())
              .filter(Boolean)
          : v,
      z.array(z.enum(DR_STEPS)).min(1),
    )
    .default([...DR_STEPS]),
  drContext: z.string().min(1),
  drKubeconfigEnv: envName,
  drNamespace: text(253),
  source: z.enum(["primary", "artifact"]).default("primary"),
  /** Primary source: `previous` (what rollout undo goes back to), `current`, or a revision number. */
  revision: z.preprocess(
    blank,
    z.union([z.literal("previous"), z.literal("current"), z.coerce.number().int().min(1)]).default("previous"),
  ),
  artifactId: text(100),
  replicas: z.preprocess(blank, z.coerce.number().int().min(1).max(1000).optional()),
  dnsWebhookUrlEnv: envName,
  dnsWebhookTokenEnv: envName,
  pagingUrlEnv: envName,
  pagingRoutingKeyEnv: envName,
  statusNotice: text(2000),
  bridgeLine: text(500),
});
export type DrFailoverParams = z.infer<typeof drFailoverParamsSchema>;
