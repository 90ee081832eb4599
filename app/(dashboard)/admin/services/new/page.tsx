import Link from "next/link";
import { guardPage } from "@/lib/auth/guard-page";
import { operatorMessageOf } from "@/lib/errors";
import { discoverWorkloads } from "@/lib/services/discovery/discover-workloads";
import { listKubeContexts } from "@/lib/services/discovery/list-kube-contexts";
import { proposeService, type ServiceProposal } from "@/lib/services/discovery/propose-service";
import { settingsForEditor } from "@/lib/services/ui/editor-settings";
import { ServiceEditor } from "@/components/catalog/service-editor";

export const metadata = { title: "New service" };

type Search = { context?: string; namespace?: string; deployments?: string };

/** Workloads picked in discovery, read again from the cluster (the URL only names them). */
async function proposalFrom(q: Search): Promise<{ proposal?: ServiceProposal; error?: string }> {
  if (!q.context || !q.namespace || !q.deployments) return {};
  const names = new Set(q.deployments.split(",").filter(Boolean));
  const found = await discoverWorkloads(q.context, { namespace: q.namespace });
  if (found.error) return { error: found.error };
  const ns = found.namespaces.find((n) => n.name === q.namespace);
  if (ns?.error) return { error: ns.error };
  const picked = (ns?.workloads ?? []).filter((w) => names.has(w.name));
  const gone = [...names].filter((n) => !picked.some((w) => w.name === n));
  if (gone.length)
    return { error: `Not found in ${q.context}/${q.namespace} any more: ${gone.join(", ")}. Pick them again.` };
  try {
    return { proposal: proposeService(picked) };
  } catch (e) {
    return { error: operatorMessageOf(e) };
  }
}

export default async function NewServicePage({ searchParams }: { searchParams: Promise<Search> }) {
  await guardPage("service.edit");
  const q = await searchParams;
  const { proposal, error } = q.context ? await proposalFrom(q) : {};
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-2xl font-bold">New service</h1>
        <Link href="/admin/services/discover" className="text-sm underline">
          Pick workloads from discovery instead
        </Link>
      </header>
      {error && (
        <p
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          The picked workloads could not be read: {error}
        </p>
      )}
      <ServiceEditor
        initial={settingsForEditor(proposal?.settings)}
        from={proposal?.from}
        contexts={listKubeContexts().contexts.map((c) => c.name)}
      />
    </div>
  );
}
