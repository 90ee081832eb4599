"use server";
// Sandbox only: "Deploy the bad version" (the work and its safety checks: lib/sandbox/deploy-bad-version.ts).
import { z } from "zod";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { deployBadVersion } from "@/lib/sandbox/deploy-bad-version";

export const deployBadVersionAction = defineAction({
  permission: "rollback.start",
  schema: z.object({}),
  async run(_input, user) {
    const deployed = await deployBadVersion(user);
    if (deployed.incidentId) revalidate(`/incidents/${deployed.incidentId}`);
    revalidate("/sandbox");
    return deployed;
  },
});
