// The zod schemas of a plan's managed-by notes (./managed-by.ts) and hold steps (./planned-hold.ts), checked when a stored plan is read back.
import { z } from "zod";
import type { ManagedBy, ManagedByNote, ReconcilerState } from "./managed-by";
import type { PlannedHold } from "./planned-hold";
import { RECONCILER_KINDS } from "./settings";

const str = z.string().nullable();
const managedBySchema: z.ZodType<ManagedBy> = z.union([
  z.object({ tool: z.literal("helm"), release: str, releaseNamespace: str }),
  z.object({
    tool: z.literal("argocd"),
    application: str,
    applicationNamespace: str,
    via: z.enum(["annotation", "label"]),
  }),
  z.object({ tool: z.literal("flux"), kind: z.enum(["Kustomization", "HelmRelease"]), name: str, namespace: str }),
  z.object({ tool: z.literal("other"), name: z.string() }),
]);

const stateSchema: z.ZodType<ReconcilerState> = z.union([
  z.object({
    read: z.literal(true),
    kind: z.literal("Application"),
    automated: z.boolean(),
    selfHeal: z.boolean(),
    prune: z.boolean(),
  }),
  z.object({
    read: z.literal(true),
    kind: z.enum(["Kustomization", "HelmRelease"]),
    suspended: z.boolean(),
    interval: str,
  }),
  z.object({ read: z.literal(false), reason: z.string() }),
]);

export const managedByNoteSchema: z.ZodType<ManagedByNote> = z.object({
  object: z.string(),
  manager: managedBySchema,
  holdable: z.object({ kind: z.enum(RECONCILER_KINDS), namespace: z.string(), name: z.string() }).nullable(),
  holdAllowed: z.boolean(),
  state: stateSchema.nullable(),
  warning: z.string(),
});

export const plannedHoldSchema: z.ZodType<PlannedHold> = z.object({
  ref: z.object({ kind: z.enum(RECONCILER_KINDS), namespace: z.string(), name: z.string() }),
  objects: z.array(z.string()),
  action: z.string(),
  uid: z.string(),
  resourceVersion: z.string(),
  specDigest: z.record(z.string(), z.string()),
  enabled: z.boolean(),
});
