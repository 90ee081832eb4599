"use client";
// `helm rollback <release> [revision]` for one of the service's Helm releases: to the revision
// before the current one (helm's default) or a revision number from `helm history`.
import type { z } from "zod";
import { NotConfigured, ParamInput, ParamSelect, useFormModel } from "../form-fields";
import type { StrategyFormModel, StrategyFormProps } from "../form-types";
import type { helmRollbackParamsSchema } from "./params";
import { helmReleasesOf } from "./settings";

type Params = z.input<typeof helmRollbackParamsSchema>;
type Values = { release: string; toRevision: string };

export const helmRollbackFormModel: StrategyFormModel<Values, Params> = {
  initial: (t) => ({ release: helmReleasesOf(t)[0] ?? "", toRevision: "" }),
  // "Roll back this change" on a Helm revision: one of the service's releases, and a revision number.
  prefill: (given, t) => {
    if (!given.release || !helmReleasesOf(t).includes(given.release)) return {};
    const toRevision = /^[0-9]{1,9}$/.test(given.toRevision ?? "") ? given.toRevision! : "";
    return { release: given.release, toRevision: toRevision === "0" ? "" : toRevision };
  },
  params: (v) => ({ release: v.release, toRevision: v.toRevision.trim() === "" ? 0 : Number(v.toRevision) }),
};

export function HelmRollbackForm(props: StrategyFormProps<Params>) {
  const [v, set] = useFormModel(helmRollbackFormModel, props);
  const releases = helmReleasesOf(props.targets);
  if (!releases.length) return <NotConfigured what="a Helm release" />;
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <ParamSelect
        label="Helm release"
        value={v.release}
        options={releases.map((r) => [r, r] as const)}
        onValue={(release) => set({ release, toRevision: "" })}
      />
      <ParamInput label="Namespace" value={props.targets.namespace} />
      <ParamInput
        label="To revision"
        value={v.toRevision}
        onValue={(toRevision) => set({ toRevision })}
        inputMode="numeric"
        placeholder="previous"
        hint="Empty: the revision before the current one (helm's default). The plan shows which."
      />
    </div>
  );
}
