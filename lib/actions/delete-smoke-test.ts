"use server";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { defineAction, revalidate } from "@/lib/actions/define-action";

export const deleteSmokeTestAction = defineAction({
  permission: "smoke.edit",
  schema: z.object({ id: z.string().min(1).max(64), serviceId: z.string().min(1).max(64) }),
  async run({ id, serviceId }) {
    const r = await db.smokeTest.deleteMany({ where: { id, serviceId } });
    if (r.count === 0) throw new AppError("not_found", "That smoke test no longer exists.");
    revalidate(`/services/${serviceId}/smoke-tests`);
    return { id };
  },
});
