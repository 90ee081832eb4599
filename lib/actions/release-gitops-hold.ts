"use server";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { db } from "@/lib/db";
import { releaseGitopsHold } from "@/lib/gitops/holds";
import { releaseGitopsHoldSchema } from "@/lib/gitops/schemas";

/** Restores exactly what a hold replaced, or refuses (nothing changed) when the object changed since. */
export const releaseGitopsHoldAction = defineAction({
  permission: "gitops.hold",
  schema: releaseGitopsHoldSchema,
  async run({ holdId }, user) {
    const r = await releaseGitopsHold({ holdId }, user);
    const hold = await db.gitopsHold.findUnique({ where: { id: holdId }, select: { incidentId: true } });
    if (hold) revalidate(`/incidents/${hold.incidentId}`);
    return r;
  },
});
