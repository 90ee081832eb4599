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

export function startDeployRecorder(opts: {
  databaseUrl: string;
  kubeconfigPath: string;
  serviceId: string;
  intervalMs?: number;
  log?: (m: string) => void;
}): DeployRecorder {
  const apps = appsApi(opts.kubeconfigPath);
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 1 });
  // An idle connection dropped (Postgres stopping first on Ctrl-C) must not crash the sandbox.
  pool.on("error", () => {});
  const log = opts.log ?? (() => {});
  let stopped = false;
  let lastError = "";

  // The last bad deploy seen on the Deployment. Remembered, because a rollback (kubectl-exact undo)
  // puts back the good revision's annotations, often before the incident is even read here.
  let lastBad: { at: Date; by: string; image: string; revision: string | null } | null = null;

  async function once() {
    const d = await apps.readNamespacedDeployment({ name: SANDBOX.deployment, namespace: SANDBOX.namespace });
    const image = d.spec?.template?.spec?.containers?.[0]?.image ?? null;
    const at = d.metadata?.annotations?.[DEPLOYED_AT_ANNOTATION];
    if (image && isBadImage(image) && at && !Number.isNaN(new Date(at).getTime()) && lastBad?.at.toISOString() !== new Date(at).toISOString()) {
      lastBad = {
        at: new Date(at),
        by: d.metadata?.annotations?.[DEPLOYED_BY_ANNOTATION] ?? "sandbox",
        image,
        revision: d.metadata?.annotations?.["deployment.kubernetes.io/revision"] ?? null,
      };
    }
    if (!lastBad) return;
    const open = await pool.query<{ id: string; declaredAt: Date }>(
      `SELECT i.id, i."declaredAt" FROM "Incident" i
        WHERE i."serviceId" = $1 AND i.status <> 'resolved'
          AND NOT EXISTS (SELECT 1 FROM "TimelineEvent" e WHERE e."incidentId" = i.id AND e.kind LIKE 'deploy.%')
        ORDER BY i."declaredAt" DESC LIMIT 1`,
      [opts.serviceId],
    );
    const incident = open.rows[0];
    if (!incident) return;
    const deploy = lastBad;
    const lead = incident.declaredAt.getTime() - deploy.at.getTime();
    if (lead < -60_000 || lead > CAUSE_WINDOW_MS) return;
    const when = deploy.at.toISOString().replace("T", " ").slice(0, 19);
    await pool.query(
      `INSERT INTO "TimelineEvent" ("incidentId", kind, actor, message, payload) VALUES ($1, 'deploy.finished', $2, $3, $4)`,
      [
        incident.id,
        deploy.by,
        `Deploy: ${SANDBOX.namespace}/${SANDBOX.deployment} → ${deploy.image} at ${when} UTC (revision ${deploy.revision ?? "?"}, sandbox "Deploy the bad version" by ${deploy.by})`,
        JSON.stringify({ deployedAt: deploy.at.toISOString(), image: deploy.image, revision: deploy.revision, deployment: SANDBOX.deployment, namespace: SANDBOX.namespace, source: "sandbox" }),
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
