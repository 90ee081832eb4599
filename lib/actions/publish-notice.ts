"use server";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { publishNoticeSchema } from "@/lib/comms/schemas";
import { publishNotice } from "@/lib/comms/publish";

export const publishNoticeAction = defineAction({
  permission: "notice.publish",
  schema: publishNoticeSchema,
  async run(input, user) {
    const result = await publishNotice(input, user);
    revalidate(`/incidents/${input.incidentId}`, "/status");
    return result;
  },
});
