"use server";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { startVerification } from "@/lib/verify/run-verification";

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep it under ${max} characters.`)
    .optional()
    .transform((v) => v || undefined);

const runVerificationSchema = z.object({
  incidentId: z.string().min(1).max(64),
  expectedImage: optional(500),
  expectedVersion: optional(200),
});

// Returns as soon as the run is recorded as started; the checks land on the timeline (and so in the
// panel) one by one, and the browser is not held on one long request.
export const runVerificationAction = defineAction({
  permission: "verification.run",
  schema: runVerificationSchema,
  async run({ incidentId, expectedImage, expectedVersion }, user) {
    const { runId, done } = await startVerification({
      incidentId,
      expected: { image: expectedImage, version: expectedVersion },
      actor: { name: user.name, id: user.id },
    });
    done.catch((e) => console.error("[verify] run", runId, "failed to finish", e));
    return { runId };
  },
});
