"use server";
import { defineAction } from "@/lib/actions/define-action";
import { saveNoticeDraftSchema } from "@/lib/comms/schemas";
import { saveDraft } from "@/lib/comms/publish";

export const saveNoticeDraftAction = defineAction({
  permission: "notice.edit",
  schema: saveNoticeDraftSchema,
  run: (input, user) => saveDraft(input, user),
});
