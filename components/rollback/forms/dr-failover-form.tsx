// Disaster-recovery escalation. One step (or all) per confirmation: a failed step is retried by
// planning it alone. Cluster, endpoints and keys come from strategyConfig.dr as env var names only.
import { ParamInput, ParamSelect } from "./fields";
import type { StrategyFormService } from "./index";

type DrConfig = {
  dr?: {
    context?: string;
    kubeconfigEnv?: string;
    namespace?: string;
    dnsWebhookUrlEnv?: string;
    dnsWebhookTokenEnv?: string;
    pagingUrlEnv?: string;
    pagingRoutingKeyEnv?: string;
    bridgeLine?: string;
    statusNotice?: string;
  };
};

const STEPS: [string, string][] = [
  ["failover,dns,page,status-notice,bridge", "All steps, in order"],
  ["failover", "1. Fail over to the DR cluster"],
  ["dns", "2. Switch DNS (webhook)"],
  ["page", "3. Page on-call"],
  ["status-notice", "4. Post the status notice"],
  ["bridge", "5. Show the bridge line"],
];

export function DrFailoverForm({ service }: { service: StrategyFormService }) {
  const dr = (service.strategyConfig as DrConfig)?.dr ?? {};
  const hidden = (name: string, v?: string) => (v ? <input type="hidden" name={`params.${name}`} value={v} /> : null);
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <ParamSelect label="Step" name="params.steps" defaultValue={STEPS[0][0]}>
        {STEPS.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </ParamSelect>
      <ParamSelect label="Deployment" name="params.deployment" defaultValue={service.deployments[0]}>
        {service.deployments.map((d) => (
          <option key={d}>{d}</option>
        ))}
      </ParamSelect>
      <ParamInput label="DR cluster context" name="params.drContext" defaultValue={dr.context ?? ""} required />
      <ParamInput label="DR namespace" name="params.drNamespace" defaultValue={dr.namespace ?? service.namespace} />
      <ParamSelect label="Last known good" name="params.revision" defaultValue="previous">
        <option value="previous">Previous revision (as rollout undo)</option>
        <option value="current">Current revision</option>
      </ParamSelect>
      <ParamInput label="Replicas in DR (optional)" name="params.replicas" type="number" min={1} />
      <ParamInput
        label="Status notice"
        name="params.statusNotice"
        defaultValue={dr.statusNotice ?? ""}
        placeholder="We are moving traffic to our disaster-recovery site…"
      />
      <p className="text-sm sm:col-span-2">
        Bridge: <strong>{dr.bridgeLine ?? "not configured"}</strong>
      </p>
      {hidden("bridgeLine", dr.bridgeLine)}
      {hidden("drKubeconfigEnv", dr.kubeconfigEnv)}
      {hidden("dnsWebhookUrlEnv", dr.dnsWebhookUrlEnv)}
      {hidden("dnsWebhookTokenEnv", dr.dnsWebhookTokenEnv)}
      {hidden("pagingUrlEnv", dr.pagingUrlEnv)}
      {hidden("pagingRoutingKeyEnv", dr.pagingRoutingKeyEnv)}
    </div>
  );
}
