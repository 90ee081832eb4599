// What a commander asks of a Deployment undo (browser-safe: zod only; the planner's form builds it).
import { z } from "zod";

export const deploymentUndoParamsSchema = z.object({
  deployment: z.string().min(1),
  /** 0 = the previous revision, as kubectl's default. */
  toRevision: z.number().int().default(0),
});
export type DeploymentUndoParams = z.infer<typeof deploymentUndoParamsSchema>;
