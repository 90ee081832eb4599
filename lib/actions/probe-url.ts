"use server";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { probeUrl, type UrlProbe } from "@/lib/services/checks/probe-url";

const probeUrlSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: "an http(s) URL" }).max(2000),
});

/**
 * Admins only (it makes the server send a request): one GET of a settings URL with a 3 s deadline.
 * No answer is a result (ok: false with the reason), not an action error. The body is never returned.
 */
export const probeUrlAction = defineAction({
  permission: "service.discover",
  schema: probeUrlSchema,
  async run({ url }): Promise<UrlProbe> {
    return probeUrl(url);
  },
});
