// Input of the delete-stuck-pods server action (browser-safe): the exact pods the commander saw.
import { z } from "zod";
import { objectName } from "@/lib/services/service-settings";

export const deleteStuckPodsSchema = z.object({
  incidentId: z.string().trim().min(1).max(64),
  statefulSet: objectName,
  pods: z
    .array(z.object({ name: objectName, uid: z.string().trim().min(1).max(64) }))
    .min(1, "Choose at least one pod.")
    .max(100),
});
