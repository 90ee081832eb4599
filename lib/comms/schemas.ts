// Input schemas for the comms actions. Limits keep a paste from filling a chat message or a feed.
import { z } from "zod";
import { variablesIn } from "@/lib/comms/render";
import { variablesFor } from "@/lib/comms/variables";

export const NOTICE_KIND = z.enum(["internal", "customer"], { message: "Choose internal or customer." });
const id = z.string().trim().min(1).max(64);
const text = (max: number) => z.string().max(max, `Keep it under ${max} characters.`);
const optionalUrl = z
  .string()
  .trim()
  .max(2000)
  .optional()
  .transform((v) => v || null)
  .refine((v) => v === null || /^https?:\/\//i.test(v), "Use an http(s) link.")
  .refine((v) => v === null || URL.canParse(v), "That is not a valid link.");

export const saveNoticeDraftSchema = z.object({
  incidentId: id,
  kind: NOTICE_KIND,
  title: text(300),
  body: text(20_000),
  /** The draft's savedAt the editor last saw ("" for a draft that was never saved). */
  baseSavedAt: z.string().max(40).optional(),
});

export const publishNoticeSchema = z.object({
  incidentId: id,
  kind: NOTICE_KIND,
  title: text(300).trim().min(1, "Give the notice a title."),
  body: text(20_000).refine((s) => s.trim().length > 0, "Write the notice first."),
});

export const setUpdateCadenceSchema = z.object({
  incidentId: id,
  updateCadenceMin: z.coerce
    .number({ message: "Minutes, as a number." })
    .int("Whole minutes.")
    .min(5, "At least every 5 minutes.")
    .max(1440, "At most once a day (1440 minutes)."),
  warRoomUrl: optionalUrl,
  incidentDocUrl: optionalUrl,
});

/** Variables a template uses that its kind does not have: refused, so drafts never start broken. */
function checkVariables(v: { kind: "internal" | "customer"; title: string; body: string }, ctx: z.RefinementCtx) {
  const known = new Set(variablesFor(v.kind).map((x) => x.name));
  for (const field of ["title", "body"] as const) {
    const bad = variablesIn(v[field]).filter((n) => !known.has(n));
    if (bad.length) {
      ctx.addIssue({
        code: "custom",
        path: [field],
        message: `Not available in ${v.kind} notices: ${bad.map((b) => `{{${b}}}`).join(", ")}`,
      });
    }
  }
}

export const saveTemplateSchema = z
  .object({
    id: z
      .string()
      .trim()
      .max(64)
      .optional()
      .transform((v) => v || undefined),
    kind: NOTICE_KIND,
    name: text(100).trim().min(1, "Name the template."),
    title: text(300).trim().min(1, "Give it a title."),
    body: text(20_000).refine((s) => s.trim().length > 0, "Write the template body."),
  })
  .superRefine(checkVariables);

const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

export const saveWebhookSchema = z
  .object({
    id: z
      .string()
      .trim()
      .max(64)
      .optional()
      .transform((v) => v || undefined),
    name: text(100).trim().min(1, "Name the webhook."),
    kind: z.enum(["slack", "generic"], { message: "Choose Slack or generic." }),
    url: z
      .string()
      .trim()
      .max(2000)
      .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), "Use an http(s) URL."),
    /** Blank keeps the stored secret. */
    secret: z
      .string()
      .max(200)
      .optional()
      .transform((v) => v?.trim() || undefined),
    audience: NOTICE_KIND,
    enabled: checkbox,
  })
  .superRefine((v, ctx) => {
    if (v.kind === "slack" && !v.url.startsWith("https://"))
      ctx.addIssue({ code: "custom", path: ["url"], message: "Slack incoming webhooks are https URLs." });
    if (v.secret !== undefined && v.secret.length < 16)
      ctx.addIssue({ code: "custom", path: ["secret"], message: "Use at least 16 characters." });
  });
