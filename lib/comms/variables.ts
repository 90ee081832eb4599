// The variables a notice template may use, and their values for one incident. Pure: the values
// are computed from rows the caller loaded (lib/comms/context.ts), so they can be unit-tested.
// Internal-only variables (rollback targets, war room, links into this app) are refused in
// customer notices: a customer template cannot leak them even by mistake.
import type { NoticeKind } from "@/lib/generated/prisma/enums";
import { formatUtc as formatTime } from "@/lib/format/date";

export type VariableDef = { name: string; label: string; description: string; internalOnly?: boolean };

export const VARIABLES: readonly VariableDef[] = [
  { name: "incident.title", label: "Title", description: "The incident's title" },
  { name: "incident.severity", label: "Severity", description: "P1–P4" },
  { name: "incident.status", label: "Status", description: "investigating, identified, monitoring, resolved" },
  { name: "incident.impact", label: "Impact", description: "The impact as declared" },
  { name: "incident.service", label: "Service", description: "The affected service" },
  {
    name: "incident.detectedAt",
    label: "Detected",
    description: "When it was detected (UTC; the declaration time if unknown)",
  },
  {
    name: "incident.startedAt",
    label: "Started",
    description: "When impact started (UTC; the detection time if unknown, else the declaration time)",
  },
  { name: "incident.declaredAt", label: "Declared", description: "When it was declared (UTC)" },
  { name: "incident.resolvedAt", label: "Resolved", description: "When it was resolved (UTC)" },
  {
    name: "incident.expectedResolution",
    label: "Expected resolution",
    description: "Where the fix stands and when to expect news",
  },
  { name: "incident.updateCadence", label: "Cadence", description: "How often updates are published" },
  { name: "incident.nextUpdateAt", label: "Next update", description: "When the next update is due (UTC)" },
  { name: "notice.lastUpdated", label: "Last updated", description: "The time of publishing (UTC)" },
  { name: "status.url", label: "Status page", description: "The public status page" },
  {
    name: "rollback.startedAt",
    label: "Rollback started",
    description: "When the first rollback started (UTC)",
    internalOnly: true,
  },
  {
    name: "rollback.completedAt",
    label: "Rollback finished",
    description: "When the rollback finished (UTC)",
    internalOnly: true,
  },
  { name: "rollback.state", label: "Rollback state", description: "State of the latest rollback", internalOnly: true },
  {
    name: "rollback.actions",
    label: "Actions",
    description: "Every rollback action with its state, as a list",
    internalOnly: true,
  },
  {
    name: "incident.url",
    label: "Incident link",
    description: "This incident in the command center",
    internalOnly: true,
  },
  { name: "links.warRoom", label: "War room", description: "The war-room channel or bridge", internalOnly: true },
  { name: "links.incidentDoc", label: "Incident doc", description: "The incident document", internalOnly: true },
];

export function variablesFor(kind: NoticeKind): readonly VariableDef[] {
  return kind === "internal" ? VARIABLES : VARIABLES.filter((v) => !v.internalOnly);
}

/** "2026-11-26 14:05 UTC": notices and chat give times to the minute (lib/format/date.ts). */
export function formatUtc(d: Date | null | undefined): string | null {
  return d ? formatTime(d, { seconds: false }) : null;
}

export type ContextAction = {
  strategy: string;
  target: string;
  state: string;
  requestedBy: string;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
};

export type NoticeContext = {
  incident: {
    id: string;
    title: string;
    severity: string;
    status: string;
    impact: string;
    serviceName: string | null;
    updateCadenceMin: number;
    /** The culprit change, else the first breach; null = unknown. */
    impactStartedAt: Date | null;
    detectedAt: Date | null;
    declaredAt: Date;
    rollbackStartedAt: Date | null;
    rollbackCompletedAt: Date | null;
    resolvedAt: Date | null;
    warRoomUrl: string | null;
    incidentDocUrl: string | null;
  };
  /** Oldest first. */
  actions: ContextAction[];
  lastCustomerUpdateAt: Date | null;
  /** The app's public base URL (no trailing slash), or "" for relative links. */
  baseUrl: string;
};

/**
 * When the incident started for the people it hurt: impact started (the culprit change, else the
 * first breach), else when it was detected, else declared. "Started:" lines and the status page use it.
 */
export function incidentStartedAt(i: {
  impactStartedAt: Date | null;
  detectedAt: Date | null;
  declaredAt: Date;
}): Date {
  return i.impactStartedAt ?? i.detectedAt ?? i.declaredAt;
}

/** When the next customer update is due: the cadence after the last one, or after declaring. */
export function nextUpdateDue(ctx: Pick<NoticeContext, "incident" | "lastCustomerUpdateAt">): Date {
  const from = ctx.lastCustomerUpdateAt ?? ctx.incident.declaredAt;
  return new Date(from.getTime() + ctx.incident.updateCadenceMin * 60_000);
}

function actionLine(a: ContextAction): string {
  const when = a.finishedAt
    ? `finished ${formatUtc(a.finishedAt)}`
    : a.startedAt
      ? `started ${formatUtc(a.startedAt)}`
      : `requested ${formatUtc(a.createdAt)}`;
  const error = a.state === "failed" && a.error ? `: ${a.error.split("\n")[0].slice(0, 200)}` : "";
  return `- **${a.state}**: ${a.strategy} on \`${a.target.replace(/`/g, "'")}\` (${when}, by ${a.requestedBy})${error}`;
}

function expectedResolution(ctx: NoticeContext, nextUpdate: string): string {
  const { incident, actions } = ctx;
  if (incident.resolvedAt || incident.status === "resolved")
    return `Resolved at ${formatUtc(incident.resolvedAt) ?? "the time of this update"}.`;
  const latest = actions.at(-1);
  if (latest?.state === "running")
    return `A fix is being applied now. We expect to confirm recovery by the next update at ${nextUpdate}.`;
  if (incident.status === "monitoring" || latest?.state === "succeeded")
    return `A fix has been applied and we are monitoring. Next update by ${nextUpdate}.`;
  return `Under investigation. We will give an estimate as soon as we have one, and an update by ${nextUpdate}.`;
}

/** Every variable's value; null where the data is missing (rendered as "not set" and reported). */
export function variableValues(ctx: NoticeContext, now: Date): Record<string, string | null> {
  const { incident, actions } = ctx;
  const nextUpdate = formatUtc(nextUpdateDue(ctx))!;
  const rollbackStarted = incident.rollbackStartedAt ?? actions.find((a) => a.startedAt)?.startedAt ?? null;
  const lastFinished = actions.filter((a) => a.finishedAt).at(-1)?.finishedAt ?? null;
  return {
    "incident.title": incident.title,
    "incident.severity": incident.severity,
    "incident.status": incident.status,
    "incident.impact": incident.impact.trim() || null,
    "incident.service": incident.serviceName,
    "incident.detectedAt": formatUtc(incident.detectedAt ?? incident.declaredAt),
    "incident.startedAt": formatUtc(incidentStartedAt(incident)),
    "incident.declaredAt": formatUtc(incident.declaredAt),
    "incident.resolvedAt": formatUtc(incident.resolvedAt) ?? "not yet resolved",
    "incident.expectedResolution": expectedResolution(ctx, nextUpdate),
    "incident.updateCadence": `every ${incident.updateCadenceMin} minutes`,
    "incident.nextUpdateAt": nextUpdate,
    "notice.lastUpdated": formatUtc(now),
    "status.url": `${ctx.baseUrl}/status`,
    "rollback.startedAt": formatUtc(rollbackStarted) ?? "not started",
    "rollback.completedAt":
      formatUtc(incident.rollbackCompletedAt ?? (actions.some((a) => a.state === "running") ? null : lastFinished)) ??
      "not finished",
    "rollback.state": actions.at(-1)?.state ?? "no rollback yet",
    "rollback.actions": actions.length ? actions.map(actionLine).join("\n") : "- No rollback actions yet.",
    "incident.url": `${ctx.baseUrl}/incidents/${incident.id}`,
    "links.warRoom": incident.warRoomUrl,
    "links.incidentDoc": incident.incidentDocUrl,
  };
}
