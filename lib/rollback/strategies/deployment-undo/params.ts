// What a commander asks of a workload undo (browser-safe: zod only; the planner's form builds it).
import { z } from "zod";

/** The kinds `kubectl rollout undo` rolls back (lib/k8s/workloads.ts WORKLOAD_KINDS has one entry each). */
export const UNDO_KINDS = ["Deployment", "StatefulSet", "DaemonSet"] as const;
export type UndoKind = (typeof UNDO_KINDS)[number];

export const deploymentUndoParamsSchema = z.object({
  /** The workload's name (a Deployment's unless `kind` says otherwise; the key predates `kind`). */
  deployment: z.string().min(1),
  /** Absent: a Deployment, so plans stored before StatefulSets and DaemonSets read the same. */
  kind: z.enum(UNDO_KINDS).optional(),
  /** 0 = the previous revision, as kubectl's default. */
  toRevision: z.number().int().default(0),
});
export type DeploymentUndoParams = z.infer<typeof deploymentUndoParamsSchema>;

export const undoKindOf = (p: Pick<DeploymentUndoParams, "kind">): UndoKind => p.kind ?? "Deployment";
