// Input for editing an incident's recorded metrics. Times are typed in UTC (datetime-local has no
// zone); an empty field clears the value.
import { z } from "zod";

export const ROOT_CAUSE_CATEGORIES = [
  "code change",
  "configuration change",
  "feature flag",
  "database migration",
  "dependency or third party",
  "infrastructure",
  "capacity",
  "data corruption",
  "security",
  "unknown",
] as const;

const utcTime = z
  .string()
  .trim()
  .default("")
  .refine((v) => v === "" || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v), "Enter a date and time (UTC).")
  .transform((v) => (v === "" ? null : new Date(`${v}Z`)))
  .refine((d) => d === null || !Number.isNaN(d.getTime()), "Enter a valid date and time.");

const money = z
  .string()
  .trim()
  .default("")
  .refine((v) => v === "" || /^\d{1,12}(\.\d{1,2})?$/.test(v), "Enter an amount like 1234.50 (no currency sign).")
  .transform((v) => (v === "" ? null : Number(v)));

const rate = (label: string) =>
  z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || (Number.isFinite(Number(v)) && Number(v) >= 0), `${label} must be a number ≥ 0.`)
    .transform((v) => (v === "" ? null : Number(v)));

export const updateMetricsSchema = z
  .object({
    incidentId: z.string().min(1).max(64),
    impactStartedAt: utcTime,
    detectedAt: utcTime,
    decisionAt: utcTime,
    dataLoss: z
      .string()
      .trim()
      .max(2000, "Keep it under 2000 characters.")
      .default("")
      .transform((v) => v || null),
    rootCauseCategory: z
      .union([z.enum(ROOT_CAUSE_CATEGORIES), z.literal("")], { message: "Choose a category." })
      .default("")
      .transform((v) => v || null),
    revenueMode: z.enum(["entered", "estimated"]).default("entered"),
    revenueImpact: money,
    baselinePerSec: rate("The baseline"),
    duringPerSec: rate("The rate during the incident"),
    valuePerUnit: rate("The value per unit"),
  })
  .superRefine((v, ctx) => {
    if (v.revenueMode !== "estimated") return;
    for (const k of ["baselinePerSec", "duringPerSec", "valuePerUnit"] as const) {
      if (v[k] === null) ctx.addIssue({ code: "custom", path: [k], message: "Needed for an estimate." });
    }
  });

/** A Date as the value of a datetime-local input (step 1 s), in UTC: seconds kept, so saving the
 * form unchanged never moves a recorded instant (time to detect is often seconds). */
export function toUtcInput(d: Date | null): string {
  return d ? d.toISOString().slice(0, 19) : "";
}
