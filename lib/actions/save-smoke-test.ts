"use server";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { smokeTestSchema } from "@/lib/verify/smoke-schema";

export const saveSmokeTestAction = defineAction({
  permission: "smoke.edit",
  schema: smokeTestSchema,
  async run({ id, serviceId, ...fields }) {
    const service = await db.service.findUnique({ where: { id: serviceId }, select: { id: true } });
    if (!service) throw new AppError("not_found", "That service does not exist.");
    const data = { ...fields, assertions: fields.assertions as object[] };
    const saved = id
      ? // The service in the where clause: an id from another service's form is not found.
        await db.smokeTest.updateMany({ where: { id, serviceId }, data }).then(async (r) => {
          if (r.count === 0) throw new AppError("not_found", "That smoke test no longer exists.");
          return { id };
        })
      : await db.smokeTest.create({
          data: { ...data, serviceId, position: await db.smokeTest.count({ where: { serviceId } }) },
          select: { id: true },
        });
    revalidate(`/services/${serviceId}/smoke-tests`);
    return saved;
  },
});
