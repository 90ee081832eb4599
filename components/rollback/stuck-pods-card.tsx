"use client";
// A StatefulSet whose OrderedReady rollout waits on a broken pod (kubernetes#67250): which pods,
// on which revision and why, and an explicit, separately confirmed "delete these pods" step. The
// first button only opens the confirmation; the deletion names the pods it will delete.
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { deleteStuckPodsAction } from "@/lib/actions/delete-stuck-pods";
import { fetchJson } from "@/lib/http/fetch-json";
import type { StuckStatefulSet } from "@/lib/rollback/stuck-pods";
import { Button } from "@/components/ui/button";

const POLL_MS = 5_000;

export function StuckPodsCard({ incidentId }: { incidentId: string }) {
  const key = ["stuck-pods", incidentId];
  const { data, error } = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchJson<StuckStatefulSet[]>(`/api/incidents/${incidentId}/stuck-pods`, { signal }),
    refetchInterval: POLL_MS,
  });
  const queryClient = useQueryClient();
  if (error || !data?.length) return null;
  return (
    <section
      aria-labelledby="stuck-pods-heading"
      data-testid="stuck-pods"
      className="space-y-3 rounded-lg border border-amber-400 bg-amber-50 p-4 dark:border-amber-700 dark:bg-amber-950/40"
    >
      <h2 id="stuck-pods-heading" className="text-base font-semibold">
        StatefulSet rollout blocked by a broken pod
      </h2>
      {data.map((s) => (
        <StuckStatefulSetItem
          key={s.statefulSet}
          incidentId={incidentId}
          s={s}
          onDone={() => void queryClient.invalidateQueries({ queryKey: key })}
        />
      ))}
    </section>
  );
}

function StuckStatefulSetItem({
  incidentId,
  s,
  onDone,
}: {
  incidentId: string;
  s: StuckStatefulSet;
  onDone: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [state, setState] = useState<{ busy: boolean; error?: string; done?: string }>({ busy: false });
  const names = s.pods.map((p) => p.name).join(", ");
  const plural = s.pods.length > 1;
  async function remove() {
    setState({ busy: true });
    const r = await deleteStuckPodsAction({
      incidentId,
      statefulSet: s.statefulSet,
      pods: s.pods.map(({ name, uid }) => ({ name, uid })),
    });
    if (r.ok) {
      setState({ busy: false, done: `Deleted ${r.data.deleted.join(", ")}; the controller recreates them.` });
      setConfirming(false);
      onDone();
    } else setState({ busy: false, error: r.error });
  }
  return (
    <div className="space-y-2 text-sm">
      <p>
        <strong>
          StatefulSet {s.namespace}/{s.statefulSet}
        </strong>{" "}
        wants revision <code>{s.updateRevision}</code>, but with OrderedReady pod management it replaces no pod while
        one is broken, so {plural ? "these pods stay" : "this pod stays"} on the old revision until deleted:
      </p>
      <ul className="list-disc pl-5">
        {s.pods.map((p) => (
          <li key={p.uid}>
            <code>{p.name}</code> on revision <code>{p.revision}</code>: {p.reason}
          </li>
        ))}
      </ul>
      {state.done && (
        <p role="status" className="text-green-700 dark:text-green-400">
          {state.done}
        </p>
      )}
      {!confirming ? (
        <Button type="button" variant="secondary" onClick={() => setConfirming(true)}>
          Delete {plural ? `${s.pods.length} stuck pods` : "the stuck pod"}…
        </Button>
      ) : (
        <div
          role="group"
          aria-label="Confirm deleting the stuck pods"
          className="space-y-2 rounded-md border border-red-300 bg-white p-3 dark:border-red-800 dark:bg-zinc-900"
        >
          <p>
            Delete <strong>{names}</strong>? The controller recreates {plural ? "them" : "it"} from revision{" "}
            <code>{s.updateRevision}</code>. Anything only in {plural ? "their" : "its"} container filesystem is lost;
            persistent volumes stay.
          </p>
          <div className="flex flex-wrap gap-2">
            <Button type="button" variant="danger" disabled={state.busy} onClick={() => void remove()}>
              {state.busy ? "Deleting…" : `Delete ${names}`}
            </Button>
            <Button type="button" variant="secondary" disabled={state.busy} onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        </div>
      )}
      {state.error && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {state.error}
        </p>
      )}
    </div>
  );
}
