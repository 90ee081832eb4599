import { z } from "zod";
import { reconcilerRefSchema } from "@/lib/gitops/settings";

const id = z.string().trim().min(1).max(64);

export const planRollbackSchema = z.object({
  incidentId: id,
  serviceId: id,
  strategy: z.string().trim().min(1).max(40),
  // Strategy-specific; each strategy validates its own with parseParams.
  params: z.record(z.string(), z.unknown()).default({}),
  idempotencyKey: z.string().trim().min(8, "Missing idempotency key.").max(100),
});

export const startRollbackSchema = z.object({
  actionId: id,
  confirmation: z.string().max(200).default(""),
  /** The plan's "Hold GitOps sync" steps the commander unticked (each must be one the plan offers). */
  skipGitopsHolds: z.array(reconcilerRefSchema).max(20).default([]),
});

export const actionIdSchema = z.object({ actionId: id });
