// A deploy recorded after the fact as the cause of an incident. A deploy seen before any incident
// existed (the trigger opened one later) goes on the newest open incident of its service that has
// no deploy on it yet, when it came shortly enough before that incident. Not server-only, like
// insert-event.ts: the sandbox's orchestrator calls it from its own process, with its own client.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { formatUtc } from "@/lib/format/date";
import { DEPLOY_KINDS } from "@/lib/incidents/events";
import { insertEvent } from "@/lib/incidents/insert-event";

export type DeployClient = Pick<PrismaClient, "incident" | "timelineEvent">;

export type SeenDeploy = {
  at: Date;
  /** Who deployed (a name: the deploy may come from outside the dashboard). */
  by: string;
  image: string;
  revision: string | null;
  namespace: string;
  deployment: string;
  /** Where it was seen, kept in the payload, e.g. "sandbox". */
  source: string;
  /** How it was made, for the message, e.g. `sandbox "Deploy the bad version"`. */
  via: string;
};

/** A deploy this long before the incident opened is taken as its cause. */
export const CAUSE_WINDOW_MS = 30 * 60_000;
/** Clocks differ a little: a deploy stamped just after the incident opened still counts. */
const CLOCK_SLACK_MS = 60_000;

/** The incident the deploy was recorded on, or null (no open incident without a deploy, or too far apart). */
export async function recordCauseDeploy(
  client: DeployClient,
  serviceId: string,
  deploy: SeenDeploy,
  windowMs = CAUSE_WINDOW_MS,
): Promise<string | null> {
  const incident = await client.incident.findFirst({
    where: { serviceId, status: { not: "resolved" }, events: { none: { kind: { in: DEPLOY_KINDS } } } },
    orderBy: { declaredAt: "desc" },
    select: { id: true, declaredAt: true },
  });
  if (!incident) return null;
  const lead = incident.declaredAt.getTime() - deploy.at.getTime();
  if (lead < -CLOCK_SLACK_MS || lead > windowMs) return null;
  await insertEvent(client, {
    incidentId: incident.id,
    kind: "deploy.finished",
    actor: deploy.by,
    message: `Deploy: ${deploy.namespace}/${deploy.deployment} → ${deploy.image} at ${formatUtc(deploy.at)} (revision ${deploy.revision ?? "?"}, ${deploy.via} by ${deploy.by})`,
    payload: {
      deployedAt: deploy.at.toISOString(),
      image: deploy.image,
      revision: deploy.revision,
      deployment: deploy.deployment,
      namespace: deploy.namespace,
      source: deploy.source,
    },
  });
  return incident.id;
}
