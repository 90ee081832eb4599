/**
 * The audit log of the catalog, newest first: who changed which service, when, from where, and the
 * fields that changed (before → after). Serialisable for the admin page.
 */
import type { CatalogDb } from "./write-service";

export type AuditChange = { field: string; before: unknown; after: unknown };

export type ServiceAuditEntry = {
  /** The row id as text (a bigint); pass it back as `beforeId` for the next page. */
  id: string;
  serviceId: string | null;
  serviceName: string;
  action: "create" | "update" | "delete";
  /** editor | file | annotation | sandbox | import */
  source: string;
  actor: { id: string | null; name: string };
  at: string;
  /** The stored snapshots ({ managedBy, settings }), as written. */
  before: unknown;
  after: unknown;
  /** Dotted paths that differ ("settings.triggerConfig.errorRate.threshold", "managedBy"). */
  changes: AuditChange[];
};

export type ListServiceAuditInput = {
  serviceId?: string;
  serviceName?: string;
  /** Page size, 1..200 (default 50). */
  limit?: number;
  /** Only entries older than this id (the last id of the previous page). */
  beforeId?: string;
};

export async function listServiceAudit(db: CatalogDb, input: ListServiceAuditInput = {}): Promise<ServiceAuditEntry[]> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const beforeId = input.beforeId && /^\d{1,19}$/.test(input.beforeId) ? BigInt(input.beforeId) : undefined;
  const rows = await db.serviceAudit.findMany({
    where: {
      ...(input.serviceId ? { serviceId: input.serviceId } : {}),
      ...(input.serviceName ? { serviceName: input.serviceName } : {}),
      ...(beforeId !== undefined ? { id: { lt: beforeId } } : {}),
    },
    orderBy: { id: "desc" },
    take: limit,
  });
  return rows.map((r) => ({
    id: r.id.toString(),
    serviceId: r.serviceId,
    serviceName: r.serviceName,
    action: r.action as ServiceAuditEntry["action"],
    source: r.source,
    actor: { id: r.actorId, name: r.actorName },
    at: r.createdAt.toISOString(),
    before: r.before ?? null,
    after: r.after ?? null,
    changes: diffJson(r.before ?? null, r.after ?? null),
  }));
}

/** Leaf-level differences between two JSON values (arrays compare whole; a missing side is {}). */
export function diffJson(before: unknown, after: unknown, prefix = ""): AuditChange[] {
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
  if ((isObj(before) || before == null) && (isObj(after) || after == null) && (before != null || after != null)) {
    const b = isObj(before) ? before : {};
    const a = isObj(after) ? after : {};
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
    return keys.flatMap((k) => diffJson(b[k], a[k], prefix ? `${prefix}.${k}` : k));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ field: prefix || "(all)", before: before ?? null, after: after ?? null }];
}
