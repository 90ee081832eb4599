"use server";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { saveTemplateSchema } from "@/lib/comms/schemas";

export const saveTemplateAction = defineAction({
  permission: "template.edit",
  schema: saveTemplateSchema,
  async run({ id, kind, name, title, body }) {
    try {
      const row = id
        ? await db.noticeTemplate.update({ where: { id }, data: { kind, name, title, body } })
        : await db.noticeTemplate.create({ data: { kind, name, title, body } });
      revalidate("/admin/templates");
      return { id: row.id };
    } catch (e) {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
        throw new AppError("conflict", `A template named "${name}" already exists.`);
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2025")
        throw new AppError("not_found", "That template no longer exists.");
      throw e;
    }
  },
});
