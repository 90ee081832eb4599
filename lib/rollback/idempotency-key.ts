// Idempotency keys as stored. A client's key is scoped to its incident and caller, so one caller's
// key can never return (or take) another caller's rollback; server-owned keys such as the
// trigger's `auto:<incidentId>` use a prefix no scoped client key can start with.
export const CLIENT_KEY_PREFIX = "client:";

export function scopedIdempotencyKey(incidentId: string, userId: string, clientKey: string): string {
  return `${CLIENT_KEY_PREFIX}${incidentId}:${userId}:${clientKey}`;
}

/** A key the server reserves for itself (the automatic trigger's), refused if it looks like a client's. */
export function reservedIdempotencyKey(key: string): string {
  if (key.startsWith(CLIENT_KEY_PREFIX)) throw new Error(`"${CLIENT_KEY_PREFIX}" keys belong to clients`);
  return key;
}
