"use client";
// `kubectl rollout undo` for one of the service's Deployments, StatefulSets or DaemonSets, to the
// previous revision or (Deployments) one picked from the revision history read live from the cluster.
import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { fetchJson } from "@/lib/http/fetch-json";
import type { ServiceLiveState } from "@/lib/services/live-state";
import { ParamSelect, useFormModel } from "../form-fields";
import type { StrategyFormModel, StrategyFormProps } from "../form-types";
import { UNDO_KINDS, type deploymentUndoParamsSchema, type UndoKind } from "./params";
import { undoTargetsOf } from "./settings";

type Params = z.input<typeof deploymentUndoParamsSchema>;
type Values = { deployment: string; kind: UndoKind; toRevision: string };

/** Every workload the service names, Deployments first: [kind, name]. */
const workloadsOf = (t: StrategyFormProps<Params>["targets"]) =>
  UNDO_KINDS.flatMap((kind) => undoTargetsOf(t)[kind].map((name) => [kind, name] as const));

export const deploymentUndoFormModel: StrategyFormModel<Values, Params> = {
  initial: (t) => {
    const [kind, deployment] = workloadsOf(t)[0] ?? ["Deployment", ""];
    return { deployment, kind, toRevision: "0" };
  },
  // "Roll back this change": a workload the service names, and a revision number.
  prefill: (given, t) => {
    const found = workloadsOf(t).find(([kind, name]) => `${kind}/${name}` === given.workload);
    if (!found) return {};
    const toRevision = /^[0-9]{1,18}$/.test(given.toRevision ?? "") ? given.toRevision! : "0";
    return { kind: found[0], deployment: found[1], toRevision };
  },
  // `kind` only when not a Deployment: the params of a Deployment undo stay as they always were.
  params: (v) => ({
    deployment: v.deployment,
    ...(v.kind === "Deployment" ? {} : { kind: v.kind }),
    toRevision: Number(v.toRevision),
  }),
};

const images = (list: { container: string; image: string }[]) => list.map((i) => i.image).join(", ");

export function DeploymentUndoForm(props: StrategyFormProps<Params>) {
  const [v, set] = useFormModel(deploymentUndoFormModel, props);
  const live = useQuery({
    queryKey: ["service-state", props.service.id],
    queryFn: ({ signal }) => fetchJson<ServiceLiveState>(`/api/services/${props.service.id}/state`, { signal }),
  });
  // The live state carries Deployment history only; the other kinds offer kubectl's default.
  const history =
    v.kind === "Deployment" ? (live.data?.deployments?.find((d) => d.name === v.deployment)?.history ?? []) : [];
  const multiKind = new Set(workloadsOf(props.targets).map(([kind]) => kind)).size > 1;
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <ParamSelect
        label={multiKind ? "Workload" : v.kind}
        value={`${v.kind}/${v.deployment}`}
        options={workloadsOf(props.targets).map(
          ([kind, name]) => [`${kind}/${name}`, multiKind ? `${kind} ${name}` : name] as const,
        )}
        onValue={(picked) => {
          const [kind, deployment] = picked.split("/") as [UndoKind, string];
          set({ kind, deployment, toRevision: "0" });
        }}
      />
      <ParamSelect
        label="To revision"
        value={v.toRevision}
        options={[
          ["0", "Previous revision (kubectl default)"],
          // A pre-filled revision stays offered while (or if) the history does not list it.
          ...(v.toRevision !== "0" && !history.some((h) => String(h.revision) === v.toRevision)
            ? [[v.toRevision, `${v.toRevision} (the revision before the change)`] as const]
            : []),
          ...history.map(
            (h) =>
              [
                String(h.revision),
                `${h.revision}: ${images(h.images)}${h.changeCause ? ` — ${h.changeCause}` : ""}${h.current ? " (current)" : ""}`,
                { disabled: h.current },
              ] as const,
          ),
        ]}
        onValue={(toRevision) => set({ toRevision })}
      />
      {live.isLoading && <p className="text-xs text-zinc-500">Reading revision history…</p>}
      {live.error && (
        <p className="text-xs text-zinc-500">The revision history could not be read: {live.error.message}</p>
      )}
    </div>
  );
}
