"use server";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { approveRollback } from "@/lib/rollback/lifecycle";
import { actionIdSchema } from "@/lib/rollback/schemas";

export const approveRollbackAction = defineAction({
  permission: "rollback.approve",
  schema: actionIdSchema,
  async run(input, user) {
    const action = await approveRollback(input, user);
    revalidate(`/incidents/${action.incidentId}`);
    return { actionId: action.id, state: action.state };
  },
});
