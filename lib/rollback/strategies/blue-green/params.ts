// What a commander asks of a blue-green switch (browser-safe: zod only; the planner's form builds it).
import { z } from "zod";

export const blueGreenParamsSchema = z.object({
  service: z.string().min(1),
  stableColor: z.string().min(1),
  badColor: z.string().min(1),
  colorLabel: z.string().min(1).default("color"),
  scaleDown: z.boolean().default(false),
  /** Defaults to every Deployment whose pod template the old selector matches. */
  badDeployments: z.array(z.string().min(1)).optional(),
  versionUrl: z.string().url().optional(),
  samples: z.number().int().min(1).max(100).default(10),
});
export type BlueGreenParams = z.infer<typeof blueGreenParamsSchema>;
