// What the rollback specs need from the real cluster and database the e2e runner started.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import pg from "pg";

export const kubeconfig = () => {
  const k = process.env.KUBECONFIG;
  if (!k) throw new Error("KUBECONFIG is not set: run e2e through scripts/e2e.ts");
  return k;
};

export function kubectl(args: string[], input?: string): string {
  return execFileSync("kubectl", ["--kubeconfig", kubeconfig(), ...args], { input, encoding: "utf8" });
}

export const IMG = (tag: string) => `registry.k8s.io/pause:${tag}`;

function deployment(name: string, image: string) {
  const labels = { app: name };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, labels, annotations: { "kubernetes.io/change-cause": `deploy ${image}` } },
    spec: {
      replicas: 3,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "app", image }] } },
    },
  };
}

/** A namespace with a Deployment whose latest revision (image 3.10) is the bad one. */
export function deployGoodThenBad(name: string): string {
  const ns = `e2e-${crypto.randomBytes(3).toString("hex")}`;
  kubectl(["create", "namespace", ns]);
  for (const image of [IMG("3.9"), IMG("3.10")]) {
    kubectl(["-n", ns, "apply", "-f", "-"], JSON.stringify(deployment(name, image)));
    kubectl(["-n", ns, "rollout", "status", `deployment/${name}`, "--timeout=90s"]);
  }
  return ns;
}

export function currentImage(ns: string, name: string): string {
  return kubectl(["-n", ns, "get", "deployment", name, "-o", "jsonpath={.spec.template.spec.containers[0].image}"]);
}

/** A service row pointing at the Deployment, created straight in the app's database. */
export async function createService(name: string, ns: string, deployments: string[]): Promise<string> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const id = `svc_${crypto.randomBytes(6).toString("hex")}`;
    await client.query(
      `INSERT INTO "Service" (id, name, namespace, deployments, "updatedAt") VALUES ($1, $2, $3, $4, now())`,
      [id, name, ns, deployments],
    );
    return id;
  } finally {
    await client.end();
  }
}
