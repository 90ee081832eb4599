"use server";
import { z } from "zod";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import type { AnnotatedServicesResult } from "@/lib/services/catalog/apply-annotated-services";
import { syncAnnotatedServices } from "@/lib/services/discovery/sync-annotated-services";

/**
 * Admins: create or update the services the clusters' workload annotations describe, now. The
 * proposals are discovered again here (never taken from the browser); services another manager
 * owns are skipped and said so.
 */
export const applyAnnotatedServicesAction = defineAction({
  permission: "service.edit",
  schema: z.object({}),
  async run(_input, user): Promise<AnnotatedServicesResult> {
    const result = await syncAnnotatedServices({ actor: { id: user.id, name: user.name } });
    revalidate("/services", "/admin/services");
    return result;
  },
});
