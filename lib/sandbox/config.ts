// What the dashboard knows about the sandbox: its one demo service ("checkout") in the sandbox
// cluster, the good and bad images, and the annotations "Deploy the bad version" leaves. Constants
// and pure functions only: the orchestrator in sandbox/ (plain Node) re-exports them from
// sandbox/config.ts, and the dashboard imports them from here, since lib/ never imports sandbox/.

export const SANDBOX = {
  service: "checkout",
  namespace: "default",
  deployment: "checkout",
  replicas: 3,
  repository: "sandbox.rcc.local/checkout",
  goodTag: "v1.4.2",
  badTag: "v1.5.0-bad",
} as const;

export const GOOD_IMAGE = `${SANDBOX.repository}:${SANDBOX.goodTag}`;
export const BAD_IMAGE = `${SANDBOX.repository}:${SANDBOX.badTag}`;

/** Annotations the "Deploy the bad version" action leaves on the Deployment (who, when). */
export const DEPLOYED_AT_ANNOTATION = "sandbox.rcc.local/deployed-at";
export const DEPLOYED_BY_ANNOTATION = "sandbox.rcc.local/deployed-by";

/** The dashboard shows the sandbox page and accepts the deploy action only when this is set. */
export function sandboxEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.RCC_SANDBOX === "1";
}

/** A tag, or the image itself when it has none. */
export function versionOf(image: string | null | undefined): string | null {
  if (!image) return null;
  const noDigest = image.split("@")[0];
  const slash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  return colon > slash ? noDigest.slice(colon + 1) : noDigest;
}

/** Any tag that says "bad" is the bad version, so a newcomer can also `kubectl set image … :bad`. */
export function isBadImage(image: string | null | undefined): boolean {
  return /bad/i.test(versionOf(image) ?? "");
}

/** The bad image for the Deployment's current one (same repository, bad tag). */
export function badImageFor(current: string): string {
  const noDigest = current.split("@")[0];
  const slash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  const repo = colon > slash ? noDigest.slice(0, colon) : noDigest;
  return `${repo}:${SANDBOX.badTag}`;
}
