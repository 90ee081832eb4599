"use client";
// `kubectl rollout undo` for one of the service's Deployments, to the previous revision or one picked
// from the revision history (read live from the cluster).
import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { fetchJson } from "@/lib/http/fetch-json";
import type { ServiceLiveState } from "@/lib/services/live-state";
import { ParamSelect, useFormModel } from "../form-fields";
import type { StrategyFormModel, StrategyFormProps } from "../form-types";
import type { deploymentUndoParamsSchema } from "./params";

type Params = z.input<typeof deploymentUndoParamsSchema>;
type Values = { deployment: string; toRevision: string };

export const deploymentUndoFormModel: StrategyFormModel<Values, Params> = {
  initial: (t) => ({ deployment: t.deployments[0] ?? "", toRevision: "0" }),
  params: (v) => ({ deployment: v.deployment, toRevision: Number(v.toRevision) }),
};

const images = (list: { container: string; image: string }[]) => list.map((i) => i.image).join(", ");

export function DeploymentUndoForm(props: StrategyFormProps<Params>) {
  const [v, set] = useFormModel(deploymentUndoFormModel, props);
  const live = useQuery({
    queryKey: ["service-state", props.service.id],
    queryFn: ({ signal }) => fetchJson<ServiceLiveState>(`/api/services/${props.service.id}/state`, { signal }),
  });
  const history = live.data?.deployments?.find((d) => d.name === v.deployment)?.history ?? [];
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <ParamSelect
        label="Deployment"
        value={v.deployment}
        options={props.targets.deployments.map((d) => [d, d] as const)}
        onValue={(deployment) => set({ deployment, toRevision: "0" })}
      />
      <ParamSelect
        label="To revision"
        value={v.toRevision}
        options={[
          ["0", "Previous revision (kubectl default)"],
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
