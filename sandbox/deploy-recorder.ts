// Puts the bad deploy on the incident's timeline. The "Deploy the bad version" button runs before any
// incident exists (the trigger opens one later), so the button leaves who and when on the Deployment
// (annotations) and this loop writes a `deploy.finished` event, with the real deploy time in its
// payload, on the first open incident of the service that has no deploy on it yet. The post-mortem
// metrics read that time ("time to detect: from the deploy"), and the charts mark it.
import pg from "pg";
import { appsApi } from "./cluster-app";
import { DEPLOYED_AT_ANNOTATION, DEPLOYED_BY_ANNOTATION, SANDBOX, isBadImage } from "./config";

export type DeployRecorder = { stop(): Promise<void> };

/** A deploy this long before the incident opened is taken as its cause. */
const CAUSE_WINDOW_MS = 30 * 60_000;

export function startDeployRecorder(opts: { databaseUrl: string; kubeconfigPath: string; serviceId: string; intervalMs?: number; log?: (m: string) => void }): DeployRecorder {
  const apps = appsApi(opts.kubeconfigPath);
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 1 });
  // An idle connection dropped (Postgres stopping first on Ctrl-C) must not crash the sandbox.
  pool.on("error", () => {});
  const log = opts.log ?? (() => {});
  let stopped = false;
  let lastError = "";

  async function once() {
    const open = await pool.query<{ id: string; declaredAt: Date }>(
      `SELECT i.id, i."declaredAt" FROM "Incident" i
        WHERE i."serviceId" = $1 AND i.status <> 'resolved'
          AND NOT EXISTS (SELECT 1 FROM "TimelineEvent" e WHERE e."incidentId" = i.id AND e.kind LIKE 'deploy.%')
        ORDER BY i."declaredAt" DESC LIMIT 1`,
      [opts.serviceId],
    );
    const incident = open.rows[0];
    if (!incident) return;
    const d = await apps.readNamespacedDeployment({ name: SANDBOX.deployment, namespace: SANDBOX.namespace });
    const image = d.spec?.template?.spec?.containers?.[0]?.image ?? null;
    const at = d.metadata?.annotations?.[DEPLOYED_AT_ANNOTATION];
    const by = d.metadata?.annotations?.[DEPLOYED_BY_ANNOTATION] ?? "sandbox";
    const deployedAt = at ? new Date(at) : null;
    if (!isBadImage(image) || !deployedAt || Number.isNaN(deployedAt.getTime())) return;
    const lead = incident.declaredAt.getTime() - deployedAt.getTime();
    if (lead < -60_000 || lead > CAUSE_WINDOW_MS) return;
    const revision = d.metadata?.annotations?.["deployment.kubernetes.io/revision"] ?? null;
    const when = deployedAt.toISOString().replace("T", " ").slice(0, 19);
    await pool.query(
      `INSERT INTO "TimelineEvent" ("incidentId", kind, actor, message, payload) VALUES ($1, 'deploy.finished', $2, $3, $4)`,
      [
        incident.id,
        by,
        `Deploy: ${SANDBOX.namespace}/${SANDBOX.deployment} → ${image} at ${when} UTC (revision ${revision ?? "?"}, sandbox "Deploy the bad version" by ${by})`,
        JSON.stringify({ deployedAt: deployedAt.toISOString(), image, revision, deployment: SANDBOX.deployment, namespace: SANDBOX.namespace, source: "sandbox" }),
      ],
    );
    log(`[sandbox] recorded the bad deploy on incident ${incident.id}`);
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        await once();
        lastError = "";
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        if (msg !== lastError && !stopped) log(`[sandbox] deploy recorder: ${msg}`);
        lastError = msg;
      }
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 1_000));
    }
  })();

  return {
    async stop() {
      stopped = true;
      await loop;
      await pool.end();
    },
  };
}
