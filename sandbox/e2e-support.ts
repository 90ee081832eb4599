// What the sandbox spec and benchmark need besides the browser: the sandbox's database (to pick the
// policy, as `--policy` does at start) and its cluster (to read the Deployment's image).
import pg from "pg";
import { updateSandboxService } from "./catalog";
import { appsApi, currentImage } from "./cluster-app";
import { SANDBOX, type SandboxPolicy } from "./config";

function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the sandbox e2e through scripts/e2e-sandbox.ts`);
  return v;
}

async function withDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: need("DATABASE_URL") });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The sandbox's trigger policy, as `npm run sandbox -- --policy=…` sets it. */
export async function setPolicy(policy: SandboxPolicy): Promise<void> {
  await updateSandboxService(need("DATABASE_URL"), (current) => ({ ...current, triggerPolicy: policy }));
}

export function openIncidentId(): Promise<string | null> {
  return withDb(async (c) => {
    const r = await c.query<{ id: string }>(
      `SELECT i.id FROM "Incident" i JOIN "Service" s ON s.id = i."serviceId" WHERE s.name = $1 AND i.status <> 'resolved' ORDER BY i."declaredAt" DESC LIMIT 1`,
      [SANDBOX.service],
    );
    return r.rows[0]?.id ?? null;
  });
}

export type EventRow = { kind: string; actor: string; message: string; payload: unknown; createdAt: Date };

export function timeline(incidentId: string): Promise<EventRow[]> {
  return withDb(
    async (c) =>
      (
        await c.query<EventRow>(
          `SELECT kind, actor, message, payload, "createdAt" FROM "TimelineEvent" WHERE "incidentId" = $1 ORDER BY id`,
          [incidentId],
        )
      ).rows,
  );
}

export function deploymentImage(): Promise<string | null> {
  return currentImage(appsApi(need("KUBECONFIG")));
}
