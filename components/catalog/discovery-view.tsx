"use client";
// What discovery found, per context and namespace: pick Deployments and create a service from them
// (the editor opens with proposeService's defaults), or apply the annotated ones.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { applyAnnotatedServicesAction } from "@/lib/actions/apply-annotated-services";
import type { AnnotatedServicesResult } from "@/lib/services/catalog/apply-annotated-services";
import type { AnnotatedServices } from "@/lib/services/discovery/annotated-services";
import type {
  ContextDiscovery,
  DiscoveredWorkload,
  ManagedBy,
  NamespaceDiscovery,
} from "@/lib/services/discovery/types";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

type Existing = { name: string; clusterContext: string; namespace: string; deployments: string[] };

const owner = (m: ManagedBy) =>
  m.tool === "helm" ? "Helm" : m.tool === "argocd" ? "Argo CD" : m.tool === "flux" ? "Flux" : m.name;

export function DiscoveryView({
  contexts,
  annotated,
  existing,
  canEdit,
}: {
  contexts: ContextDiscovery[];
  annotated: AnnotatedServices;
  existing: Existing[];
  canEdit: boolean;
}) {
  return (
    <div className="space-y-4">
      <Annotated annotated={annotated} canEdit={canEdit} />
      {contexts.map((c) => (
        <Card
          key={c.context}
          title={
            <>
              Context {c.context} <span className="font-mono text-xs font-normal text-zinc-500">{c.server}</span>
            </>
          }
        >
          {c.error && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              {c.error}
            </p>
          )}
          {c.warnings.map((w) => (
            <p key={w} className="text-sm text-amber-700 dark:text-amber-300">
              {w}
            </p>
          ))}
          <div className="space-y-4">
            {c.namespaces.map((ns) => (
              <Namespace key={ns.name} context={c.context} ns={ns} existing={existing} canEdit={canEdit} />
            ))}
          </div>
        </Card>
      ))}
    </div>
  );
}

function Namespace({
  context,
  ns,
  existing,
  canEdit,
}: {
  context: string;
  ns: NamespaceDiscovery;
  existing: Existing[];
  canEdit: boolean;
}) {
  const router = useRouter();
  const [picked, setPicked] = useState<string[]>([]);
  const usedBy = (w: DiscoveredWorkload) =>
    existing.find(
      (s) =>
        (s.clusterContext === w.context || s.clusterContext === "default") &&
        s.namespace === w.namespace &&
        s.deployments.includes(w.name),
    )?.name;
  const headingId = `ns-${context}-${ns.name}`.replace(/[^A-Za-z0-9_-]/g, "-");
  return (
    <section aria-labelledby={headingId} data-testid="discovered-namespace" data-namespace={ns.name}>
      <h3 id={headingId} className="text-sm font-semibold">
        Namespace {ns.name}
      </h3>
      {ns.error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {ns.error}
        </p>
      )}
      {ns.workloads.length === 0 && !ns.error && <p className="text-sm text-zinc-500">No Deployments.</p>}
      {ns.workloads.length > 0 && (
        <table className="mt-1 w-full text-left text-sm">
          <thead className="text-xs text-zinc-500">
            <tr>
              <th className="w-8 py-1">
                <span className="sr-only">Pick</span>
              </th>
              <th>Deployment</th>
              <th>Images</th>
              <th>Revision</th>
              <th>Ready</th>
              <th>Managed by</th>
            </tr>
          </thead>
          <tbody>
            {ns.workloads.map((w) => {
              const id = `pick-${headingId}-${w.name}`;
              const service = usedBy(w);
              return (
                <tr key={w.name} className="border-t border-zinc-200 dark:border-zinc-800" data-testid="workload">
                  <td className="py-1">
                    <input
                      id={id}
                      type="checkbox"
                      disabled={!canEdit}
                      checked={picked.includes(w.name)}
                      onChange={(e) =>
                        setPicked((p) => (e.target.checked ? [...p, w.name] : p.filter((n) => n !== w.name)))
                      }
                    />
                  </td>
                  <td>
                    <label htmlFor={id} className="font-medium">
                      {w.name}
                    </label>
                    {service && <span className="ml-2 text-xs text-zinc-500">in service {service}</span>}
                  </td>
                  <td className="font-mono text-xs">{w.images.map((i) => i.image).join(", ")}</td>
                  <td>{w.revision ?? "—"}</td>
                  <td>
                    <Badge tone={w.readiness.allReady ? "resolved" : "identified"}>
                      {w.readiness.ready}/{w.readiness.desired}
                    </Badge>
                  </td>
                  <td className="space-x-1">
                    {w.managedBy.map((m, i) => (
                      <Badge key={i} tone="monitoring">
                        {owner(m)}
                      </Badge>
                    ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {canEdit && picked.length > 0 && (
        <Button
          type="button"
          className="mt-2"
          onClick={() =>
            router.push(
              `/admin/services/new?${new URLSearchParams({ context, namespace: ns.name, deployments: picked.join(",") })}`,
            )
          }
        >
          Create service from {picked.length} selected in {ns.name}
        </Button>
      )}
    </section>
  );
}

function Annotated({ annotated, canEdit }: { annotated: AnnotatedServices; canEdit: boolean }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<AnnotatedServicesResult | { error: string } | null>(null);
  if (annotated.services.length === 0 && annotated.errors.length === 0) return null;
  async function apply() {
    setPending(true);
    try {
      const res = await applyAnnotatedServicesAction({});
      setResult(res.ok ? res.data : { error: res.error });
      if (res.ok) router.refresh();
    } catch {
      setResult({ error: "The annotated services could not be applied: the server did not answer." });
    } finally {
      setPending(false);
    }
  }
  return (
    <Card title="Annotated workloads">
      {annotated.services.length > 0 && (
        <>
          <p className="text-sm">Will be created from annotations (rollback-command-center.io/service):</p>
          <ul className="my-2 list-disc pl-5 text-sm" data-testid="annotated-services">
            {annotated.services.map((s) => (
              <li key={s.settings.name}>
                <span className="font-medium">{s.settings.name}</span>{" "}
                <span className="font-mono text-xs text-zinc-500">{s.from.join(", ")}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {annotated.errors.length > 0 && (
        <ul role="alert" className="my-2 list-disc pl-5 text-sm text-red-700 dark:text-red-400">
          {annotated.errors.map((e, i) => (
            <li key={i}>
              {e.service}
              {e.annotation ? ` (${e.annotation})` : ""}: {e.message}
            </li>
          ))}
        </ul>
      )}
      {canEdit && annotated.services.length > 0 && (
        <Button type="button" onClick={apply} disabled={pending}>
          {pending ? "Applying…" : "Create them now"}
        </Button>
      )}
      {result && "error" in result && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {result.error}
        </p>
      )}
      {result && !("error" in result) && (
        <div role="status" className="mt-2 text-sm">
          <p>
            {result.created.length} created, {result.updated.length} updated, {result.unchanged.length} unchanged.
          </p>
          {result.skipped.map((s) => (
            <p key={s.name} className="text-amber-700 dark:text-amber-300">
              {s.name} skipped: {s.reason}
            </p>
          ))}
          {result.invalid.map((s) => (
            <p key={s.name} className="text-red-700 dark:text-red-400">
              {s.name}: {s.problems.map((p) => `${p.field}: ${p.message}`).join("; ")}
            </p>
          ))}
        </div>
      )}
    </Card>
  );
}
