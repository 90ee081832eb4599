// What the sandbox is made of: one demo service ("checkout") in the sandbox cluster, its good and
// bad images, and trigger windows short enough to watch a whole incident in a couple of minutes.
// Imported by the orchestrator (Node) and by the dashboard (the sandbox page and action), so it
// holds constants and pure functions only.
import type { TriggerConfigInput } from "@/lib/prometheus/rules";

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

export type SandboxPolicy = "auto" | "notify";
export const SANDBOX_POLICIES = ["auto", "notify"] as const;

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

/**
 * "demo": for people watching: the error rate has to stay above 5 % for 30 s before the trigger
 * fires. "fast": for the e2e and the benchmark, the same story in seconds. A rule's window must be
 * at least two scrape intervals (Prometheus scrapes the demo service every second).
 */
export const TRIGGER_PROFILES = {
  demo: {
    rateWindowSec: 15,
    autoRollbackCooldownSec: 60,
    errorRate: { threshold: 0.05, forSec: 30 },
    p95Latency: { factor: 3, forSec: 60 },
    healthSuccess: { maxFailingRatio: 0.5, forSec: 30 },
    business: { maxDropRatio: 0.5, forSec: 60 },
  },
  fast: {
    rateWindowSec: 5,
    autoRollbackCooldownSec: 0,
    errorRate: { threshold: 0.05, forSec: 5 },
    p95Latency: { factor: 3, forSec: 30 },
    healthSuccess: { maxFailingRatio: 0.5, forSec: 10 },
    business: { maxDropRatio: 0.5, forSec: 30 },
  },
} as const satisfies Record<string, TriggerConfigInput>;
export type TriggerProfile = keyof typeof TRIGGER_PROFILES;

/** How often the dashboard's trigger watcher evaluates (RCC_TRIGGER_INTERVAL_MS; production: 15 s). */
export const TRIGGER_INTERVAL_MS: Record<TriggerProfile, number> = { demo: 2_000, fast: 1_000 };
