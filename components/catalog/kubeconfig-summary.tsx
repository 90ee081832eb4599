// Which kubeconfig the dashboard reads and the contexts in it (names and server URLs only).
import type { KubeconfigInfo } from "@/lib/services/discovery/list-kube-contexts";

const SOURCE: Record<KubeconfigInfo["source"], string> = {
  path: "the configured path",
  KUBECONFIG: "$KUBECONFIG",
  home: "~/.kube/config",
  "in-cluster": "the pod's service account (in-cluster)",
  none: "nothing",
};

export function KubeconfigSummary({ info }: { info: KubeconfigInfo }) {
  if (info.error)
    return (
      <div role="alert" data-testid="kubeconfig-summary" className="text-sm text-red-700 dark:text-red-400">
        <p>{info.error}</p>
        <p className="text-zinc-600 dark:text-zinc-400">
          Looked at: $KUBECONFIG{info.paths.length ? ` (${info.paths.join(", ")})` : " (unset)"}, ~/.kube/config, the
          in-cluster service account.
        </p>
      </div>
    );
  return (
    <div data-testid="kubeconfig-summary" className="space-y-1 text-sm">
      <p>
        Kubeconfig from {SOURCE[info.source]}
        {info.paths.length ? (
          <>
            : <span className="font-mono text-xs">{info.paths.join(", ")}</span>
          </>
        ) : null}
      </p>
      {info.contexts.length === 0 ? (
        <p className="text-zinc-500">It has no contexts.</p>
      ) : (
        <ul className="space-y-0.5">
          {info.contexts.map((c) => (
            <li key={c.name}>
              <span className="font-medium">{c.name}</span>
              {c.current && <span className="text-zinc-500"> (current)</span>}:{" "}
              <span className="font-mono text-xs">{c.server ?? "no cluster entry"}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
