"use client";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { ServiceLiveState } from "@/lib/services/live-state";
import { ParamSelect } from "./fields";
import type { StrategyFormService } from "./index";

const images = (list: { container: string; image: string }[]) => list.map((i) => i.image).join(", ");

export function DeploymentUndoForm({ service }: { service: StrategyFormService }) {
  const [deployment, setDeployment] = useState(service.deployments[0] ?? "");
  const live = useQuery({
    queryKey: ["service-state", service.id],
    queryFn: async () => (await (await fetch(`/api/services/${service.id}/state`)).json()) as ServiceLiveState,
  });
  const history = live.data?.deployments?.find((d) => d.name === deployment)?.history ?? [];
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <ParamSelect
        label="Deployment"
        name="params.deployment"
        value={deployment}
        onChange={(e) => setDeployment(e.target.value)}
      >
        {service.deployments.map((d) => (
          <option key={d}>{d}</option>
        ))}
      </ParamSelect>
      <ParamSelect label="To revision" name="params.toRevision" data-type="number" defaultValue="0">
        <option value="0">Previous revision (kubectl default)</option>
        {history.map((h) => (
          <option key={h.revision} value={h.revision} disabled={h.current}>
            {h.revision}: {images(h.images)}
            {h.changeCause ? ` — ${h.changeCause}` : ""}
            {h.current ? " (current)" : ""}
          </option>
        ))}
      </ParamSelect>
      {live.isLoading && <p className="text-xs text-zinc-500">Reading revision history…</p>}
    </div>
  );
}
