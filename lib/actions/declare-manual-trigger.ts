"use server";
// One-click declarations for what no metric sees: data corruption, a security breach, user reports.
// They land on the service's open incident if there is one (one incident per service at a time),
// and never start a rollback on their own: a commander picks the strategy (often not a deploy undo).
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { defineAction, revalidate } from "@/lib/actions/define-action";
import type { Severity } from "@/lib/generated/prisma/enums";
import { recordDetection } from "@/lib/triggers/incident";

const KINDS = {
  data_corruption: { label: "Data corruption", severity: "P1" },
  security_breach: { label: "Security breach", severity: "P1" },
  user_reports: { label: "User reports", severity: "P2" },
} as const satisfies Record<string, { label: string; severity: Severity }>;

const schema = z.object({
  serviceId: z.string().trim().min(1, "Pick a service.").max(64),
  kind: z.enum(Object.keys(KINDS) as [keyof typeof KINDS, ...(keyof typeof KINDS)[]], { message: "Unknown trigger." }),
});

export const declareManualTriggerAction = defineAction({
  permission: "incident.declare",
  schema,
  async run(input, user) {
    const service = await db.service.findUnique({ where: { id: input.serviceId }, select: { id: true, name: true } });
    if (!service) throw new AppError("invalid", "That service does not exist.");
    const k = KINDS[input.kind];
    const now = new Date();
    const r = await recordDetection({
      service,
      title: `${service.name}: ${k.label}`,
      severity: k.severity,
      source: input.kind,
      // A person declaring is the detection; when the impact began, nobody can say yet.
      impactStartedAt: null,
      detectedAt: now,
      actor: user.name,
      actorId: user.id,
      event: {
        kind: "trigger.manual",
        actor: user.name,
        actorId: user.id,
        message: `${k.label} reported by ${user.name} for ${service.name}`,
        payload: { source: input.kind, serviceId: service.id },
      },
    });
    revalidate("/incidents", `/incidents/${r.incidentId}`);
    return { id: r.incidentId, created: r.created };
  },
});
