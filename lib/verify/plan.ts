// Which checks a service gets, from its configuration. Each check carries its own deadline.
import type { KubeClients } from "@/lib/k8s/clients";
import { checkErrorRate, settleBudgetMs } from "@/lib/verify/check-error-rate";
import { HTTP_SETTLE_MS, settled } from "@/lib/verify/settle";
import { checkHealth, checkSmoke, checkVersion, imageTag } from "@/lib/verify/check-http";
import { checkPods, type Outcome } from "@/lib/verify/check-pods";
import { storedAssertions, storedHeaders } from "@/lib/verify/smoke-schema";
import type { Expected, PlannedCheck } from "@/lib/verify/types";

export type Timeouts = { kubeMs: number; httpMs: number; prometheusMs: number };
export const DEFAULT_TIMEOUTS: Timeouts = { kubeMs: 15_000, httpMs: 5_000, prometheusMs: 5_000 };

export type ServiceForVerify = {
  name: string;
  namespace: string;
  deployments: string[];
  healthUrl: string | null;
  readyUrl: string | null;
  metricsUrl: string | null;
  versionUrl: string | null;
  promQueries: unknown;
  triggerConfig: unknown;
  smokeTests: {
    id: string;
    name: string;
    method: string;
    url: string;
    headers: unknown;
    body: string | null;
    expectedStatus: number;
    assertions: unknown;
    timeoutMs: number;
  }[];
};

export type RunnableCheck = PlannedCheck & { timeoutMs: number; run: (signal: AbortSignal) => Promise<Outcome> };

export type PlanDeps = {
  kube: () => KubeClients;
  prometheusUrl: string | undefined;
  timeouts: Timeouts;
  fetch?: typeof fetch;
};

export function planChecks(service: ServiceForVerify, expected: Expected, deps: PlanDeps): RunnableCheck[] {
  const t = deps.timeouts;
  const http = { timeoutMs: t.httpMs, fetch: deps.fetch };
  const checks: RunnableCheck[] = [
    {
      key: "pods",
      kind: "pods",
      name: expected.image ? `Pods run ${expected.image}` : "Pods run the Deployment's image",
      timeoutMs: t.kubeMs,
      run: (signal) =>
        checkPods(
          { kube: deps.kube(), signal, requestTimeoutMs: t.kubeMs },
          service.namespace,
          service.deployments,
          expected.image,
        ),
    },
  ];
  if (service.versionUrl) {
    const url = service.versionUrl;
    const want = expected.version ?? (expected.image ? imageTag(expected.image) : undefined);
    checks.push({
      key: "version",
      kind: "version",
      name: `Version endpoint reports ${want ?? "a version"}`,
      timeoutMs: t.httpMs,
      run: () => checkVersion(url, want, http),
    });
  }
  for (const [key, label, url] of [
    ["health", "Health", service.healthUrl],
    ["ready", "Readiness", service.readyUrl],
    ["metrics", "Metrics", service.metricsUrl],
  ] as const) {
    if (url)
      checks.push({
        key: `health:${key}`,
        kind: "health",
        name: `${label} endpoint answers 200`,
        timeoutMs: t.httpMs,
        run: () => checkHealth(url, http),
      });
  }
  checks.push({
    key: "error_rate",
    kind: "error_rate",
    name: "Error rate under its threshold",
    timeoutMs: t.prometheusMs,
    run: () => checkErrorRate(deps.prometheusUrl, service, t.prometheusMs),
  });
  for (const s of service.smokeTests) {
    const spec = {
      method: s.method,
      url: s.url,
      headers: storedHeaders(s.headers),
      body: s.body,
      expectedStatus: s.expectedStatus,
      assertions: storedAssertions(s.assertions),
    };
    checks.push({
      key: `smoke:${s.id}`,
      kind: "smoke",
      name: `Smoke: ${s.name}`,
      timeoutMs: s.timeoutMs,
      run: () => checkSmoke(spec, { timeoutMs: s.timeoutMs, fetch: deps.fetch }),
    });
  }
  if (!expected.changedAt) return checks;
  // After a rollback, give each check time to see it (see settle.ts); each attempt keeps its timeout.
  const errorRateBudget = settleBudgetMs(service.triggerConfig);
  return checks.map((c) => {
    const budget = c.kind === "error_rate" ? errorRateBudget : HTTP_SETTLE_MS;
    return {
      ...c,
      timeoutMs: budget + c.timeoutMs,
      run: (signal: AbortSignal) => settled(() => c.run(signal), budget, signal),
    };
  });
}
