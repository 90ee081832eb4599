"use server";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { startRollback } from "@/lib/rollback/lifecycle";
import { startRollbackSchema } from "@/lib/rollback/schemas";

export const startRollbackAction = defineAction({
  permission: "rollback.start",
  schema: startRollbackSchema,
  async run(input, user) {
    const action = await startRollback(input, user);
    revalidate(`/incidents/${action.incidentId}`);
    return { actionId: action.id, state: action.state };
  },
});
