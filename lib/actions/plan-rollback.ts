"use server";
import { defineAction } from "@/lib/actions/define-action";
import { planRollback } from "@/lib/rollback/lifecycle";
import { planForRole } from "@/lib/rollback/redact";
import { planRollbackSchema } from "@/lib/rollback/schemas";
import { parsePlanSummary } from "@/lib/rollback/strategies";

export const planRollbackAction = defineAction({
  permission: "rollback.plan",
  schema: planRollbackSchema,
  async run(input, user) {
    const action = await planRollback(input, user);
    return { actionId: action.id, state: action.state, plan: planForRole(parsePlanSummary(action.plan), user.role) };
  },
});
