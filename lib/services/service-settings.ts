/**
 * One service's whole configuration, as the catalog file, the editor and the database hold it. The
 * one schema all three validate with (browser-safe). Strategy sections come from each strategy's
 * folder (lib/rollback/strategies/settings-schema.ts).
 */
import { z } from "zod";
import { promQueriesSchema } from "@/lib/prometheus/signals";
import { triggerConfigSchema } from "@/lib/prometheus/rules";
import { strategiesSettingsSchema } from "@/lib/rollback/strategies/settings-schema";
import type { ServiceTargets } from "@/lib/rollback/settings";

/** RFC 1123 label: what Kubernetes accepts for a namespace, and what we accept for a service name. */
const dnsLabel = z
  .string()
  .max(63)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    "lower-case letters, digits and '-', starting and ending with a letter or digit",
  );
/** RFC 1123 subdomain: Deployment and Service names. */
export const objectName = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, "not a valid Kubernetes object name");
const url = z.url({ protocol: /^https?$/, error: "an http(s) URL" }).optional();

export const TRIGGER_POLICIES = ["off", "notify", "auto"] as const;

export const serviceSettingsSchema = z
  .object({
    name: dnsLabel,
    description: z.string().max(500).default(""),
    /** A context of the dashboard's kubeconfig. */
    clusterContext: z.string().min(1).max(253).default("default"),
    namespace: dnsLabel.default("default"),
    deployments: z.array(objectName).default([]),
    /** StatefulSets and DaemonSets the workload undo may roll back (as kubectl rollout undo). */
    statefulSets: z.array(objectName).default([]),
    daemonSets: z.array(objectName).default([]),
    healthUrl: url,
    readyUrl: url,
    versionUrl: url,
    metricsUrl: url,
    promQueries: promQueriesSchema.default({}),
    triggerPolicy: z.enum(TRIGGER_POLICIES).default("notify"),
    triggerConfig: triggerConfigSchema.prefault({}),
    needsSecondApprover: z.boolean().default(false),
    rolloutTimeoutSec: z.number().int().min(10).max(3600).default(300),
    /** The owning team (the group policy's `team:` names): only its members and admins roll it back. */
    team: dnsLabel.optional(),
    strategies: strategiesSettingsSchema.default({}),
  })
  .strict();
export type ServiceSettings = z.infer<typeof serviceSettingsSchema>;
export type ServiceSettingsInput = z.input<typeof serviceSettingsSchema>;

/** The columns of a Service row that hold settings (strategies live in `strategyConfig`). */
export type ServiceSettingsRow = {
  name: string;
  description: string;
  clusterContext: string;
  namespace: string;
  deployments: string[];
  statefulSets: string[];
  daemonSets: string[];
  healthUrl: string | null;
  readyUrl: string | null;
  versionUrl: string | null;
  metricsUrl: string | null;
  promQueries: unknown;
  triggerPolicy: string;
  triggerConfig: unknown;
  needsSecondApprover: boolean;
  rolloutTimeoutSec: number;
  team: string | null;
  strategyConfig: unknown;
};

/** Settings → the row's columns (undefined URLs become null so an update clears them). */
export function settingsToRow(s: ServiceSettings) {
  return {
    name: s.name,
    description: s.description,
    clusterContext: s.clusterContext,
    namespace: s.namespace,
    deployments: s.deployments,
    statefulSets: s.statefulSets,
    daemonSets: s.daemonSets,
    healthUrl: s.healthUrl ?? null,
    readyUrl: s.readyUrl ?? null,
    versionUrl: s.versionUrl ?? null,
    metricsUrl: s.metricsUrl ?? null,
    promQueries: s.promQueries,
    triggerPolicy: s.triggerPolicy,
    triggerConfig: s.triggerConfig,
    needsSecondApprover: s.needsSecondApprover,
    rolloutTimeoutSec: s.rolloutTimeoutSec,
    team: s.team ?? null,
    strategyConfig: s.strategies,
  };
}

/** A stored row → settings, validated (rows written before the catalog existed are checked too). */
export function settingsFromRow(row: ServiceSettingsRow): z.ZodSafeParseResult<ServiceSettings> {
  return serviceSettingsSchema.safeParse({
    name: row.name,
    description: row.description,
    clusterContext: row.clusterContext,
    namespace: row.namespace,
    deployments: row.deployments,
    statefulSets: row.statefulSets ?? [],
    daemonSets: row.daemonSets ?? [],
    healthUrl: row.healthUrl ?? undefined,
    readyUrl: row.readyUrl ?? undefined,
    versionUrl: row.versionUrl ?? undefined,
    metricsUrl: row.metricsUrl ?? undefined,
    promQueries: row.promQueries ?? {},
    triggerPolicy: row.triggerPolicy,
    triggerConfig: row.triggerConfig ?? {},
    needsSecondApprover: row.needsSecondApprover,
    rolloutTimeoutSec: row.rolloutTimeoutSec,
    team: row.team ?? undefined,
    strategies: row.strategyConfig ?? {},
  });
}

/** What strategies read of a service: its targets. An unreadable `strategyConfig` configures nothing. */
export function targetsOf(
  row: Pick<ServiceSettingsRow, "name" | "clusterContext" | "namespace" | "deployments" | "strategyConfig"> &
    Partial<Pick<ServiceSettingsRow, "statefulSets" | "daemonSets">>,
): ServiceTargets {
  const strategies = strategiesSettingsSchema.safeParse(row.strategyConfig ?? {});
  return {
    name: row.name,
    clusterContext: row.clusterContext,
    namespace: row.namespace,
    deployments: row.deployments,
    statefulSets: row.statefulSets ?? [],
    daemonSets: row.daemonSets ?? [],
    strategies: strategies.success ? strategies.data : {},
  };
}
