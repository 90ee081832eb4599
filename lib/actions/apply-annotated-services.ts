"use server";
import { z } from "zod";
import { db } from "@/lib/db";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import { applyAnnotatedServices, type AnnotatedServicesResult } from "@/lib/services/catalog/apply-annotated-services";
import { annotatedServices } from "@/lib/services/discovery/annotated-services";
import { discoverAll } from "@/lib/services/discovery/discover-workloads";

/**
 * Admins: create or update the services the clusters' workload annotations describe, now. The
 * proposals are discovered again here (never taken from the browser); services another manager
 * owns are skipped and said so.
 */
export const applyAnnotatedServicesAction = defineAction({
  permission: "service.edit",
  schema: z.object({}),
  async run(_input, user): Promise<AnnotatedServicesResult> {
    const found = annotatedServices(await discoverAll());
    const result = await applyAnnotatedServices(db, found.services, { actor: { id: user.id, name: user.name } });
    revalidate("/services", "/admin/services");
    return result;
  },
});
