"use server";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { saveWebhookSchema } from "@/lib/comms/schemas";

/** Admins only: a webhook URL decides where incident details go. The secret is write-only. */
export const saveWebhookAction = defineAction({
  permission: "webhook.edit",
  schema: saveWebhookSchema,
  async run({ id, secret, ...fields }) {
    try {
      const stored = id ? await db.webhook.findUnique({ where: { id }, select: { secret: true } }) : null;
      if (fields.kind === "generic" && !secret && !stored?.secret) {
        throw new AppError("invalid", "Generic webhooks are signed: set a secret of at least 16 characters.");
      }
      const row = id
        ? await db.webhook.update({ where: { id }, data: { ...fields, ...(secret ? { secret } : {}) } })
        : await db.webhook.create({ data: { ...fields, secret: secret ?? null } });
      revalidate("/admin/webhooks");
      return { id: row.id };
    } catch (e) {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
        throw new AppError("conflict", `A webhook named "${fields.name}" already exists.`);
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2025")
        throw new AppError("not_found", "That webhook no longer exists.");
      throw e;
    }
  },
});
