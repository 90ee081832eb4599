// What a commander asks of a Helm rollback (browser-safe: zod only; the planner's form builds it).
import { z } from "zod";

export const helmRollbackParamsSchema = z.object({
  /** One of the service's `helmReleases`, in the service's namespace. */
  release: z.string().min(1),
  /** 0 = the revision before the current one, as `helm rollback <release>` without a revision. */
  toRevision: z.number().int().default(0),
});
export type HelmRollbackParams = z.infer<typeof helmRollbackParamsSchema>;
