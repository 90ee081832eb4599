"use server";
import { defineAction } from "@/lib/actions/define-action";
import { cancelRollback } from "@/lib/rollback/lifecycle";
import { actionIdSchema } from "@/lib/rollback/schemas";

export const cancelRollbackAction = defineAction({
  permission: "rollback.cancel",
  schema: actionIdSchema,
  run: (input, user) => cancelRollback(input, user),
});
