// What a commander asks of a canary drain (browser-safe: zod only; the planner's form builds it).
import { z } from "zod";

export const canaryParamsSchema = z.object({
  routeKind: z.enum(["istio", "gateway"]),
  routeName: z.string().min(1),
  stableBackend: z.string().min(1),
  canaryBackend: z.string().min(1),
  steps: z.array(z.number().int().min(0).max(100)).min(1).default([5, 0]),
  pauseMs: z.number().int().min(0).default(30_000),
  canaryDeployment: z.string().min(1).optional(),
  finalAction: z.enum(["scale-to-zero", "delete"]).default("scale-to-zero"),
});
export type CanaryParams = z.infer<typeof canaryParamsSchema>;
