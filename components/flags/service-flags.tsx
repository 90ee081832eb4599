import "server-only";
// A service's feature flags with their state, read live from the cluster (FeatureFlag CRs or flagd
// ConfigMaps named in strategyConfig.flags). Server component; the service page mounts it.
import { Badge } from "@/components/ui/badge";
import { operatorMessageOf } from "@/lib/errors";
import { listServiceFlags } from "@/lib/flags/list";
import { formatUtc } from "@/lib/format/date";
import { serviceKubeClients } from "@/lib/k8s/clients";

export type ServiceFlagsProps = { service: { namespace: string; clusterContext: string; strategyConfig: unknown } };

const show = (v: unknown) => (v === undefined ? "code default" : JSON.stringify(v));

export async function ServiceFlags({ service }: ServiceFlagsProps) {
  let sources;
  try {
    sources = await listServiceFlags({ kube: serviceKubeClients(service), requestTimeoutMs: 5_000 }, service);
  } catch (e) {
    return <p className="text-sm text-red-600">Flags unavailable: {operatorMessageOf(e)}</p>;
  }
  if (sources.length === 0)
    return <p className="text-sm text-zinc-500">No feature flags configured for this service.</p>;
  return (
    <div className="space-y-4" data-testid="service-flags">
      {sources.map((s) => (
        <section key={s.label} aria-label={`Flags in ${s.label}`}>
          <h3 className="mb-1 text-sm font-semibold">{s.label}</h3>
          {s.error ? (
            <p role="alert" className="text-sm text-red-600 dark:text-red-400">
              {s.error}
            </p>
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="text-xs text-zinc-500">
                <tr>
                  <th className="py-1 font-medium">Flag</th>
                  <th className="py-1 font-medium">State</th>
                  <th className="py-1 font-medium">Serves</th>
                  <th className="py-1 font-medium">Kill switch</th>
                </tr>
              </thead>
              <tbody>
                {s.flags.map((f) => (
                  <tr key={f.key} className="border-t border-zinc-100 dark:border-zinc-800" data-flag={f.key}>
                    <td className="py-1 font-mono">{f.key}</td>
                    <td className="py-1">
                      <Badge tone={f.state === "ENABLED" && !f.killedBy ? "resolved" : "investigating"}>
                        {f.killedBy ? "OFF (kill switch)" : f.state}
                      </Badge>
                    </td>
                    <td className="py-1">
                      {show(f.value)}{" "}
                      <span className="text-xs text-zinc-500">
                        (variant {f.defaultVariant}
                        {f.hasTargeting ? ", targeting" : ""})
                      </span>
                    </td>
                    <td className="py-1 text-xs text-zinc-500">
                      {f.killedBy
                        ? `off since ${formatUtc(f.killedBy.at)}; re-enable restores ${f.killedBy.state}, default "${f.killedBy.defaultVariant}"`
                        : "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </div>
  );
}
