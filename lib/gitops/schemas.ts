// Input of the hold and release server actions (browser-safe).
import { z } from "zod";
import { RECONCILER_KINDS } from "./settings";

const id = z.string().trim().min(1).max(64);
const name = z.string().trim().min(1).max(253);

export const holdGitopsSchema = z.object({
  incidentId: id,
  serviceId: id,
  kind: z.enum(RECONCILER_KINDS),
  namespace: name,
  name,
});

export const releaseGitopsHoldSchema = z.object({ holdId: id });
