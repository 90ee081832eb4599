"use server";
import { z } from "zod";
import { db } from "@/lib/db";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { PHASES } from "@/lib/checklists/phases";
import { runbookTemplates } from "@/lib/checklists/runbook";

// One phase at a time, one item per line: the whole list is replaced, so order is what was typed.
// Incidents already declared keep their own copies; only new incidents get the edited list.
const saveChecklistTemplatesSchema = z.object({
  phase: z.enum(PHASES, { message: "Unknown phase." }),
  items: z
    .string()
    .max(20_000, "Keep the list under 20000 characters.")
    .transform((t) =>
      t
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean),
    )
    .refine((l) => l.length <= 100, "At most 100 items per phase.")
    .refine((l) => l.every((x) => x.length <= 300), "Keep each item under 300 characters."),
});

export const saveChecklistTemplatesAction = defineAction({
  permission: "template.edit",
  schema: saveChecklistTemplatesSchema,
  async run({ phase, items }) {
    await db.$transaction(async (tx) => {
      // Unseeded, the editor showed the runbook's lists: store them, so editing one phase does not
      // leave new incidents with that phase alone.
      if ((await tx.checklistTemplate.count()) === 0)
        await tx.checklistTemplate.createMany({ data: runbookTemplates() });
      await tx.checklistTemplate.deleteMany({ where: { phase } });
      await tx.checklistTemplate.createMany({ data: items.map((text, position) => ({ phase, text, position })) });
    });
    revalidate("/admin/templates");
    return { phase, count: items.length };
  },
});
