// What the sandbox is made of: one demo service ("checkout") in the sandbox cluster, its good and
// bad images, and trigger windows short enough to watch a whole incident in a couple of minutes.
// Imported by the orchestrator (Node), the e2e specs and the benchmarks: constants and pure
// functions only.
import type { TriggerConfigInput } from "@/lib/prometheus/rules";

// The service, images and annotations the dashboard needs too live in lib/ (lib/ never imports sandbox/).
export {
  BAD_IMAGE,
  DEPLOYED_AT_ANNOTATION,
  DEPLOYED_BY_ANNOTATION,
  GOOD_IMAGE,
  SANDBOX,
  badImageFor,
  isBadImage,
  sandboxEnabled,
  versionOf,
} from "../lib/sandbox/config";

export type SandboxPolicy = "auto" | "notify";
export const SANDBOX_POLICIES = ["auto", "notify"] as const;

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
