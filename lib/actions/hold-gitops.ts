"use server";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { holdGitops } from "@/lib/gitops/holds";
import { holdGitopsSchema } from "@/lib/gitops/schemas";

/** Switches a service's Argo CD Application's automated sync off, or suspends its Flux object. */
export const holdGitopsAction = defineAction({
  permission: "gitops.hold",
  schema: holdGitopsSchema,
  async run({ incidentId, serviceId, kind, namespace, name }, user) {
    const r = await holdGitops({ incidentId, serviceId, ref: { kind, namespace, name } }, user);
    revalidate(`/incidents/${incidentId}`);
    return r;
  },
});
