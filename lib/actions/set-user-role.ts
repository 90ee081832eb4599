"use server";
import { z } from "zod";
import { db } from "@/lib/db";
import { SYSTEM_USER_ID } from "@/lib/auth/acting-user";
import { AppError } from "@/lib/errors";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { ROLES } from "@/lib/permissions";

export const setUserRoleAction = defineAction({
  permission: "user.setRole",
  schema: z.object({ userId: z.string().min(1).max(64), role: z.enum(ROLES, { message: "Unknown role." }) }),
  async run({ userId, role }, admin) {
    if (userId === SYSTEM_USER_ID)
      throw new AppError("invalid", "The system user (auto-trigger) is not a person; its role is fixed.");
    if (userId === admin.id && role !== "admin") {
      throw new AppError("invalid", "You cannot remove your own admin role; ask another admin.");
    }
    const user = await db.user.update({ where: { id: userId }, data: { role } }).catch(() => null);
    if (!user) throw new AppError("not_found", "That user does not exist.");
    revalidate("/admin/users");
    return { id: user.id, role: user.role };
  },
});
