// Instead of an empty service list: the three steps to a first service, each saying what the
// dashboard found (a kubeconfig and its contexts, Prometheus answering or not).
import Link from "next/link";
import type { SessionUser } from "@/lib/auth/session";
import { can } from "@/lib/permissions";
import { listKubeContexts } from "@/lib/services/discovery/list-kube-contexts";
import { prometheusStatus } from "@/lib/services/ui/prometheus-status";
import { KubeconfigSummary } from "./kubeconfig-summary";

function Step({ n, title, done, children }: { n: number; title: string; done: boolean; children: React.ReactNode }) {
  return (
    <li className="space-y-1 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <h3 className="font-semibold">
        <span aria-hidden="true" className={done ? "text-green-700 dark:text-green-400" : "text-zinc-400"}>
          {done ? "✓" : `${n}.`}
        </span>{" "}
        {title}
        <span className="sr-only">{done ? " (done)" : " (to do)"}</span>
      </h3>
      {children}
    </li>
  );
}

export async function OnboardingPanel({ user }: { user: SessionUser }) {
  const kube = listKubeContexts();
  const prom = await prometheusStatus();
  const admin = can(user.role, "service.discover");
  return (
    <section
      aria-labelledby="onboarding"
      data-testid="onboarding"
      className="max-w-3xl space-y-3 rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id="onboarding" className="text-xl font-bold">
        No services yet: set up the dashboard
      </h2>
      <ol className="space-y-3 text-sm">
        <Step n={1} title="Connect a cluster" done={kube.contexts.length > 0}>
          <KubeconfigSummary info={kube} />
        </Step>
        <Step n={2} title="Add services from it" done={false}>
          {admin ? (
            <p>
              <Link href="/admin/services/discover" className="font-medium underline">
                Discover workloads
              </Link>{" "}
              and pick the Deployments that make up a service, or{" "}
              <Link href="/admin/services/new" className="underline">
                create one by hand
              </Link>
              . Teams that keep configuration in git set RCC_CATALOG to a catalog file; annotated workloads
              (rollback-command-center.io/service) become services by themselves.
            </p>
          ) : (
            <p>Ask an admin to add services from the cluster: only admins can discover and create them.</p>
          )}
        </Step>
        <Step n={3} title="Point to Prometheus" done={prom.configured && prom.answers}>
          {!prom.configured ? (
            <p>PROMETHEUS_URL is not set: charts, triggers and metric verification need it.</p>
          ) : (
            <p data-testid="prometheus-status">
              PROMETHEUS_URL is <span className="font-mono text-xs">{prom.url}</span>:{" "}
              {prom.answers ? (
                <span className="text-green-700 dark:text-green-400">it answers.</span>
              ) : (
                <span role="alert" className="text-red-700 dark:text-red-400">
                  it does not answer ({prom.message}).
                </span>
              )}
            </p>
          )}
        </Step>
      </ol>
    </section>
  );
}
