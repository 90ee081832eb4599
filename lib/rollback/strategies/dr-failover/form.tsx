"use client";
// Disaster-recovery escalation, one step (or all) per confirmation: a failed step is retried by
// planning it alone. The DR cluster, namespace and every env var name come from the service's `dr`
// settings and are shown read-only (only names: the values stay on the server).
import type { z } from "zod";
import { NotConfigured, ParamInput, ParamSelect, optionalNumber, optionalText, useFormModel } from "../form-fields";
import type { StrategyFormModel, StrategyFormProps } from "../form-types";
import type { DrSettings } from "./settings";
import { DR_STEPS, type DrStep, type drFailoverParamsSchema } from "./params";

type Params = z.input<typeof drFailoverParamsSchema>;
type Revision = "previous" | "current";
type Values = { steps: string; deployment: string; revision: Revision; replicas: string; statusNotice: string };

const ALL = DR_STEPS.join(",");
const STEP_LABEL: Record<DrStep, string> = {
  failover: "1. Fail over to the DR cluster",
  dns: "2. Switch DNS (webhook)",
  page: "3. Page on-call",
  "status-notice": "4. Post the status notice",
  bridge: "5. Show the bridge line",
};
const STEPS: [string, string][] = [
  [ALL, "All steps, in order"],
  ...DR_STEPS.map((s) => [s, STEP_LABEL[s]] as [string, string]),
];

/** The server variables the plan may read, by what they hold. */
const ENV_NAMES = [
  ["kubeconfigEnv", "DR kubeconfig"],
  ["dnsWebhookUrlEnv", "DNS webhook URL"],
  ["dnsWebhookTokenEnv", "DNS webhook token"],
  ["pagingUrlEnv", "Paging URL"],
  ["pagingRoutingKeyEnv", "Paging routing key"],
] as const satisfies readonly (readonly [keyof DrSettings, string])[];

export const drFailoverFormModel: StrategyFormModel<Values, Params> = {
  initial: (t) => ({
    steps: ALL,
    deployment: t.deployments[0] ?? "",
    revision: "previous",
    replicas: "",
    statusNotice: t.strategies.dr?.statusNotice ?? "",
  }),
  params: (v, t) => {
    const dr = t.strategies.dr;
    return {
      steps: DR_STEPS.filter((s) => v.steps.split(",").includes(s)),
      deployment: v.deployment,
      drContext: dr?.context ?? "",
      drNamespace: dr?.namespace ?? t.namespace,
      revision: v.revision,
      replicas: optionalNumber(v.replicas),
      statusNotice: optionalText(v.statusNotice),
      bridgeLine: dr?.bridgeLine,
      drKubeconfigEnv: dr?.kubeconfigEnv,
      dnsWebhookUrlEnv: dr?.dnsWebhookUrlEnv,
      dnsWebhookTokenEnv: dr?.dnsWebhookTokenEnv,
      pagingUrlEnv: dr?.pagingUrlEnv,
      pagingRoutingKeyEnv: dr?.pagingRoutingKeyEnv,
    };
  },
};

export function DrFailoverForm(props: StrategyFormProps<Params>) {
  const [v, set] = useFormModel(drFailoverFormModel, props);
  const dr = props.targets.strategies.dr;
  if (!dr) return <NotConfigured what="a disaster-recovery cluster" />;
  const envNames = ENV_NAMES.filter(([key]) => dr[key]);
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <ParamSelect label="Step" value={v.steps} options={STEPS} onValue={(steps) => set({ steps })} />
      <ParamSelect
        label="Deployment"
        value={v.deployment}
        options={props.targets.deployments.map((d) => [d, d] as const)}
        onValue={(deployment) => set({ deployment })}
      />
      <ParamInput label="DR cluster context" value={dr.context} />
      <ParamInput label="DR namespace" value={dr.namespace ?? props.targets.namespace} />
      <ParamSelect<Revision>
        label="Last known good"
        value={v.revision}
        options={[
          ["previous", "Previous revision (as rollout undo)"],
          ["current", "Current revision"],
        ]}
        onValue={(revision) => set({ revision })}
      />
      <ParamInput
        label="Replicas in DR (optional)"
        type="number"
        min={1}
        value={v.replicas}
        onValue={(replicas) => set({ replicas })}
      />
      <ParamInput
        label="Status notice"
        value={v.statusNotice}
        onValue={(statusNotice) => set({ statusNotice })}
        placeholder="We are moving traffic to our disaster-recovery site…"
      />
      <p className="text-sm sm:col-span-2">
        Bridge: <strong>{dr.bridgeLine ?? "not configured"}</strong>
      </p>
      {envNames.length > 0 && (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-xs text-zinc-500 sm:col-span-2">
          {envNames.map(([key, what]) => (
            <div key={key} className="contents">
              <dt>{what} (server env var)</dt>
              <dd className="font-mono">{dr[key]}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
