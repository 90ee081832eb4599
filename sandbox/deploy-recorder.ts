// Puts the bad deploy on the incident's timeline. The "Deploy the bad version" button runs before any
// incident exists (the trigger opens one later), so the button leaves who and when on the Deployment
// (annotations) and this loop hands the deploy to the dashboard's own domain function
// (lib/incidents/deploys.ts), which writes a typed `deploy.finished` event, with the real deploy
// time in its payload, on the open incident of the service that has no deploy on it yet. The
// post-mortem metrics read that time ("time to detect: from the deploy"), and the charts mark it.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../lib/generated/prisma/client";
import { parseDatabaseUrl } from "../lib/db-url";
import { recordCauseDeploy, type SeenDeploy } from "../lib/incidents/deploys";
import { appsApi } from "./cluster-app";
import { DEPLOYED_AT_ANNOTATION, DEPLOYED_BY_ANNOTATION, SANDBOX, isBadImage } from "./config";

export type DeployRecorder = { stop(): Promise<void> };

export function startDeployRecorder(opts: {
  databaseUrl: string;
  kubeconfigPath: string;
  serviceId: string;
  intervalMs?: number;
  log?: (m: string) => void;
}): DeployRecorder {
  const apps = appsApi(opts.kubeconfigPath);
  // Its own client (lib/db is the dashboard's). The adapter keeps an idle connection dropped
  // (Postgres stopping first on Ctrl-C) from crashing the sandbox.
  const db = new PrismaClient({ adapter: new PrismaPg({ ...parseDatabaseUrl(opts.databaseUrl), max: 1 }) });
  const log = opts.log ?? (() => {});
  let stopped = false;
  let lastError = "";

  // The last bad deploy seen on the Deployment. Remembered, because a rollback (kubectl-exact undo)
  // puts back the good revision's annotations, often before the incident is even read here.
  let lastBad: SeenDeploy | null = null;

  async function once() {
    const d = await apps.readNamespacedDeployment({ name: SANDBOX.deployment, namespace: SANDBOX.namespace });
    const image = d.spec?.template?.spec?.containers?.[0]?.image ?? null;
    const at = d.metadata?.annotations?.[DEPLOYED_AT_ANNOTATION];
    if (
      image &&
      isBadImage(image) &&
      at &&
      !Number.isNaN(new Date(at).getTime()) &&
      lastBad?.at.toISOString() !== new Date(at).toISOString()
    ) {
      lastBad = {
        at: new Date(at),
        by: d.metadata?.annotations?.[DEPLOYED_BY_ANNOTATION] ?? "sandbox",
        image,
        revision: d.metadata?.annotations?.["deployment.kubernetes.io/revision"] ?? null,
        namespace: SANDBOX.namespace,
        deployment: SANDBOX.deployment,
        source: "sandbox",
        via: 'sandbox "Deploy the bad version"',
      };
    }
    if (!lastBad) return;
    const incidentId = await recordCauseDeploy(db, opts.serviceId, lastBad);
    if (incidentId) log(`[sandbox] recorded the bad deploy on incident ${incidentId}`);
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
      await db.$disconnect();
    },
  };
}
