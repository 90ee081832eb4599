"use server";
import { z } from "zod";
import { db } from "@/lib/db";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { setUserRole } from "@/lib/auth/set-user-role";
import { ROLES } from "@/lib/permissions";

export const setUserRoleAction = defineAction({
  permission: "user.setRole",
  schema: z.object({ userId: z.string().min(1).max(64), role: z.enum(ROLES, { message: "Unknown role." }) }),
  async run(input, admin) {
    const user = await setUserRole(db, input, admin);
    revalidate("/admin/users");
    return user;
  },
});
