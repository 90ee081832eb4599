"use server";
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { POLICY_MAX_CHARS } from "@/lib/auth/group-policy";
import { saveGroupPolicy } from "@/lib/auth/group-policy-store";

export const saveGroupPolicyAction = defineAction({
  permission: "user.editGroupPolicy",
  schema: z.object({
    text: z.string().max(POLICY_MAX_CHARS, `At most ${POLICY_MAX_CHARS} characters.`),
    revision: z.coerce.number().int().min(0),
  }),
  async run(input, admin) {
    const result = await saveGroupPolicy(db, input, admin, env().RCC_OIDC_GROUP_ROLES_FILE);
    if (result.ok) revalidate("/admin/groups", "/admin/users");
    return result;
  },
});
