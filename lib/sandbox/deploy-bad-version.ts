import "server-only";
// Sandbox only: "Deploy the bad version". A real rollout in the sandbox cluster (the demo Deployment's
// image set to the bad tag through the Kubernetes API); the demo service follows it and starts
// failing, Prometheus sees it, and the trigger watcher takes it from there. Refused unless the server
// runs as the sandbox (RCC_SANDBOX=1), so this can never touch a real cluster.
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { findOpenIncident } from "@/lib/incidents/find-open-incident";
import { appendEvent } from "@/lib/incidents/timeline";
import { serviceKubeClients } from "@/lib/k8s/clients";
import { getDeployment, patchDeployment } from "@/lib/k8s/deployments";
import {
  DEPLOYED_AT_ANNOTATION,
  DEPLOYED_BY_ANNOTATION,
  SANDBOX,
  badImageFor,
  isBadImage,
  sandboxEnabled,
} from "@/lib/sandbox/config";

/** JSON-pointer escaping of an annotation key ("a/b" → "a~1b"). */
const ptr = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

export type BadDeploy = { image: string; previous: string; deployedAt: string; incidentId: string | null };

export async function deployBadVersion(actor: { id: string; name: string }): Promise<BadDeploy> {
  if (!sandboxEnabled()) throw new AppError("forbidden", "This is only available in the sandbox (npm run sandbox).");
  const service = await db.service.findUnique({
    where: { name: SANDBOX.service },
    select: { id: true, name: true, namespace: true, deployments: true, clusterContext: true },
  });
  const name = service?.deployments[0];
  if (!service || !name)
    throw new AppError("not_found", `The sandbox service "${SANDBOX.service}" or its Deployment is missing.`);

  // The same clients as the rollback path.
  const ctx = { kube: serviceKubeClients(service), requestTimeoutMs: 10_000 };
  const current = await getDeployment(ctx, service.namespace, name);
  const containers = current.spec.template.spec?.containers ?? [];
  const before = containers[0]?.image;
  if (!before) throw new AppError("invalid", `Deployment ${service.namespace}/${name} has no container image.`);
  if (isBadImage(before))
    throw new AppError("conflict", `The bad version (${before}) is already deployed. Roll it back first.`);

  const image = badImageFor(before);
  const deployedAt = new Date().toISOString();
  const annotations = current.metadata.annotations ?? {};
  const set = (key: string, value: string) =>
    ({ op: key in annotations ? "replace" : "add", path: `/metadata/annotations/${ptr(key)}`, value }) as const;
  await patchDeployment(ctx, service.namespace, name, [
    // Fails (409/422) if someone changed the template meanwhile, instead of overwriting their change.
    { op: "test", path: "/spec/template/spec/containers/0/image", value: before },
    ...(current.metadata.annotations ? [] : [{ op: "add" as const, path: "/metadata/annotations", value: {} }]),
    { op: "replace", path: "/spec/template/spec/containers/0/image", value: image },
    set("kubernetes.io/change-cause", `sandbox: deploy the bad version ${image}`),
    set(DEPLOYED_AT_ANNOTATION, deployedAt),
    set(DEPLOYED_BY_ANNOTATION, actor.name),
  ]);

  // With an incident already open, the deploy goes on its timeline now; otherwise the trigger opens
  // one and the sandbox records the deploy on it (sandbox/deploy-recorder.ts).
  const open = await findOpenIncident(service.id, { id: true });
  if (open) {
    await appendEvent({
      incidentId: open.id,
      kind: "deploy.finished",
      actor: actor.name,
      actorId: actor.id,
      message: `Deploy: ${service.namespace}/${name} ${before} → ${image} (sandbox "Deploy the bad version")`,
      payload: {
        deployedAt,
        image,
        previous: before,
        deployment: name,
        namespace: service.namespace,
        source: "sandbox",
      },
    });
  }
  return { image, previous: before, deployedAt, incidentId: open?.id ?? null };
}
