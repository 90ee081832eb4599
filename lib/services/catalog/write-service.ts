/**
 * The one write path of the service catalog, inside a caller's transaction: lock the row, write the
 * settings, bump the revision and append a ServiceAudit row. The editor, the catalog file, imports,
 * discovery annotations and the sandbox all go through it, so every change is audited the same way.
 *
 * Catalog functions take the Prisma client as an argument (no "server-only", no lib/db import): the
 * sandbox and scripts run in plain Node with their own client, the app passes lib/db's.
 */
import type { Prisma, PrismaClient, Service } from "@/lib/generated/prisma/client";
import type { ServiceSource } from "@/lib/generated/prisma/enums";
import { settingsFromRow, settingsToRow, type ServiceSettings } from "@/lib/services/service-settings";

export type CatalogDb = PrismaClient;
export type CatalogTx = Prisma.TransactionClient;

/** Where a change came from (ServiceAudit.source): a ServiceSource, or an admin's YAML import. */
export type AuditSource = ServiceSource | "import";

/** Who changed it. `id` is a User id (the system user for the file and discovery), or null. */
export type CatalogActor = { id: string | null; name: string };

/** What an audit row's `before` / `after` hold. */
export type AuditSnapshot = { managedBy: ServiceSource; settings: ServiceSettings; from?: string[] };

export type WriteOutcome = "created" | "updated" | "unchanged";
export type WrittenService = { id: string; name: string; revision: number; outcome: WriteOutcome };

/** Locks a row (FOR UPDATE) and reads it: concurrent writers and an incident insert wait for us. */
export async function lockService(tx: CatalogTx, by: { id: string } | { name: string }): Promise<Service | null> {
  const rows =
    "id" in by
      ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Service" WHERE id = ${by.id} FOR UPDATE`
      : await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Service" WHERE name = ${by.name} FOR UPDATE`;
  if (!rows[0]) return null;
  return tx.service.findUnique({ where: { id: rows[0].id } });
}

/** The stored settings of a row, or null when they no longer validate. */
export function storedSettings(row: Service): ServiceSettings | null {
  const r = settingsFromRow(row);
  return r.success ? r.data : null;
}

/** Key-order-independent JSON equality (settings come from zod, so no Dates or functions). */
export function sameJson(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>)
            .filter(([, y]) => y !== undefined)
            .sort(([p], [q]) => (p < q ? -1 : 1)),
        )
      : x,
  );
}

function snapshot(row: Service): AuditSnapshot | Prisma.InputJsonValue {
  const settings = storedSettings(row);
  // An invalid stored row is recorded as it was, so the audit never hides what was overwritten.
  return settings
    ? { managedBy: row.managedBy, settings }
    : { managedBy: row.managedBy, invalidRow: settingsRowOf(row) };
}

function settingsRowOf(row: Service): Prisma.InputJsonValue {
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = row;
  return JSON.parse(JSON.stringify(rest)) as Prisma.InputJsonValue;
}

export async function writeAudit(
  tx: CatalogTx,
  a: {
    serviceId: string | null;
    serviceName: string;
    action: "create" | "update" | "delete";
    source: AuditSource;
    actor: CatalogActor;
    before: unknown;
    after: unknown;
  },
): Promise<void> {
  await tx.serviceAudit.create({
    data: {
      serviceId: a.serviceId,
      serviceName: a.serviceName,
      action: a.action,
      source: a.source,
      actorId: a.actor.id,
      actorName: a.actor.name,
      before: json(a.before),
      after: json(a.after),
    },
  });
}

const json = (v: unknown) =>
  v === null || v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue);

/**
 * Creates (existing null) or overwrites `existing` (locked by the caller) with `settings`. Unchanged
 * settings and source write nothing: re-applying the same catalog file audits nothing.
 */
export async function writeService(
  tx: CatalogTx,
  existing: Service | null,
  settings: ServiceSettings,
  opts: { managedBy: ServiceSource; source: AuditSource; actor: CatalogActor; from?: string[] },
): Promise<WrittenService> {
  const after: AuditSnapshot = { managedBy: opts.managedBy, settings, ...(opts.from ? { from: opts.from } : {}) };
  const row = settingsToRow(settings);
  const who = { updatedById: opts.actor.id, updatedByName: opts.actor.name };
  if (!existing) {
    const created = await tx.service.create({ data: { ...row, managedBy: opts.managedBy, ...who } });
    await writeAudit(tx, {
      serviceId: created.id,
      serviceName: created.name,
      action: "create",
      source: opts.source,
      actor: opts.actor,
      before: null,
      after,
    });
    return { id: created.id, name: created.name, revision: created.revision, outcome: "created" };
  }
  const before = storedSettings(existing);
  if (before && existing.managedBy === opts.managedBy && sameJson(before, settings))
    return { id: existing.id, name: existing.name, revision: existing.revision, outcome: "unchanged" };
  const updated = await tx.service.update({
    where: { id: existing.id },
    data: { ...row, managedBy: opts.managedBy, ...who, revision: { increment: 1 } },
  });
  await writeAudit(tx, {
    serviceId: existing.id,
    serviceName: updated.name,
    action: "update",
    source: opts.source,
    actor: opts.actor,
    before: snapshot(existing),
    after,
  });
  return { id: updated.id, name: updated.name, revision: updated.revision, outcome: "updated" };
}

/** Changes only who manages a service (file → editor when it leaves the file but is referenced). */
export async function changeManager(
  tx: CatalogTx,
  existing: Service,
  managedBy: ServiceSource,
  opts: { source: AuditSource; actor: CatalogActor },
): Promise<void> {
  await tx.service.update({
    where: { id: existing.id },
    data: { managedBy, updatedById: opts.actor.id, updatedByName: opts.actor.name, revision: { increment: 1 } },
  });
  const settings = storedSettings(existing);
  await writeAudit(tx, {
    serviceId: existing.id,
    serviceName: existing.name,
    action: "update",
    source: opts.source,
    actor: opts.actor,
    before: snapshot(existing),
    after: settings ? { managedBy, settings } : { managedBy, invalidRow: settingsRowOf(existing) },
  });
}

/** Deletes a locked row and audits it (the caller decided it may go). */
export async function removeService(
  tx: CatalogTx,
  existing: Service,
  opts: { source: AuditSource; actor: CatalogActor },
): Promise<void> {
  await tx.service.delete({ where: { id: existing.id } });
  await writeAudit(tx, {
    serviceId: existing.id,
    serviceName: existing.name,
    action: "delete",
    source: opts.source,
    actor: opts.actor,
    before: snapshot(existing),
    after: null,
  });
}

/** Incidents and rollbacks that still point at a service: open/active ones, and all of them. */
export async function referencesOf(tx: CatalogTx, serviceId: string) {
  const [openIncidents, activeRollbacks, incidents, rollbacks] = await Promise.all([
    tx.incident.count({ where: { serviceId, status: { not: "resolved" } } }),
    tx.rollbackAction.count({ where: { serviceId, state: { in: ["planned", "awaiting_approval", "running"] } } }),
    tx.incident.count({ where: { serviceId } }),
    tx.rollbackAction.count({ where: { serviceId } }),
  ]);
  return { openIncidents, activeRollbacks, incidents, rollbacks };
}
