// Input schemas for incidents. Limits keep one careless paste from filling the timeline.
import { z } from "zod";

export const SEVERITIES = ["P1", "P2", "P3", "P4"] as const;
export const STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;

const text = (max: number) => z.string().trim().max(max, `Keep it under ${max} characters.`);

export const declareIncidentSchema = z.object({
  title: text(200).min(1, "Give the incident a title."),
  severity: z.enum(SEVERITIES, { message: "Choose a severity from P1 to P4." }),
  serviceId: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((v) => v || undefined),
  impact: text(4000).default(""),
  source: z.enum(["manual", "data_corruption", "security_breach", "user_reports"]).default("manual"),
});

export const updateStatusSchema = z.object({
  incidentId: z.string().min(1).max(64),
  status: z.enum(STATUSES, { message: "Unknown status." }),
  /** Resolve although GitOps holds are active (the commander chose to keep them, see components/gitops). */
  keepHolds: z
    .union([z.literal("on"), z.literal("true"), z.boolean()])
    .optional()
    .transform((v) => v === true || v === "on" || v === "true"),
});

export const addNoteSchema = z.object({
  incidentId: z.string().min(1).max(64),
  message: text(4000).min(1, "Write something first."),
});

export const incidentFilterSchema = z.object({
  status: z.enum(STATUSES).optional().catch(undefined),
  severity: z.enum(SEVERITIES).optional().catch(undefined),
});
