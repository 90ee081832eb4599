// What one verification run produces. "unknown" means the check could not tell (no data, nothing
// to ask): it is never green, so a run with an unknown check does not move the incident on.

export type CheckKind = "pods" | "version" | "health" | "error_rate" | "smoke";
export type CheckStatus = "passed" | "failed" | "unknown" | "skipped";

export type PlannedCheck = { key: string; kind: CheckKind; name: string };

export type CheckResult = PlannedCheck & {
  status: CheckStatus;
  durationMs: number;
  /** Why it did not pass (or why it was skipped); null when it passed. */
  reason: string | null;
  /** What was seen when it passed, e.g. "3/3 pods ready on shop:v2". */
  detail?: string;
};

/** `changedAt`: when the rollback finished; the error rate is then given time to leave the bad window. */
export type Expected = { image?: string; version?: string; changedAt?: string };

export type VerificationOutcome = {
  runId: string;
  passed: boolean;
  results: CheckResult[];
  movedToMonitoring: boolean;
};

export const isGreen = (s: CheckStatus) => s === "passed" || s === "skipped";
