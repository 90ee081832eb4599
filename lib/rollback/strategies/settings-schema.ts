/**
 * The `strategies` section of a service's catalog entry: one key per strategy family, each schema
 * from its strategy's folder (or the shared module two strategies read). Browser-safe.
 */
import { z } from "zod";
import { databaseSettingsSchema } from "@/lib/database-rollback/settings";
import { gitopsSettingsSchema } from "@/lib/gitops/settings";
import { flagsSettingsSchema } from "@/lib/flags/config";
import { blueGreenSettingsSchema } from "./blue-green/settings";
import { canarySettingsSchema } from "./canary/settings";
import { drSettingsSchema } from "./dr-failover/settings";
import { workloadUndoSettingsSchema } from "./deployment-undo/settings";
import { helmReleasesSettingsSchema } from "./helm-rollback/settings";

export const strategiesSettingsSchema = z
  .object({
    blueGreen: blueGreenSettingsSchema.optional(),
    canary: canarySettingsSchema.optional(),
    flags: flagsSettingsSchema.optional(),
    database: databaseSettingsSchema.optional(),
    dr: drSettingsSchema.optional(),
    /** Not a strategy: the Argo CD / Flux objects a GitOps hold may act on (lib/gitops). */
    gitops: gitopsSettingsSchema.optional(),
    /** Helm releases (in the service's namespace) the Helm rollback may act on. */
    helmReleases: helmReleasesSettingsSchema.optional(),
    /** Options of the workload undo (offered for the service's workloads with or without it). */
    workloadUndo: workloadUndoSettingsSchema.optional(),
  })
  .strict();
export type StrategiesSettings = z.infer<typeof strategiesSettingsSchema>;
