"use server";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { deleteStuckPods } from "@/lib/rollback/stuck-pods";
import { deleteStuckPodsSchema } from "@/lib/rollback/stuck-pods-schema";

/**
 * Deletes the pods of an OrderedReady StatefulSet that are stuck on a revision it no longer wants,
 * so the controller recreates them from the restored one; only after the commander confirmed them.
 */
export const deleteStuckPodsAction = defineAction({
  permission: "rollback.start",
  schema: deleteStuckPodsSchema,
  async run(input, user) {
    const r = await deleteStuckPods(input, user);
    revalidate(`/incidents/${input.incidentId}`);
    return r;
  },
});
