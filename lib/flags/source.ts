/**
 * Where a service's flags live, and how to read and change them on the cluster:
 * - `featureflag-cr`: an OpenFeature `FeatureFlag` (core.openfeature.dev/v1beta1, the version the
 *   CRD serves), flags under spec.flagSpec.flags; flagd reads it with its kubernetes sync
 *   (`--uri core.openfeature.dev/NAMESPACE/NAME`).
 * - `configmap`: a ConfigMap holding a flagd flag-definition JSON file in one data key (how the
 *   OpenFeature operator and most Helm charts feed flagd's file sync).
 * Every write is a JSON patch that first `test`s what was read, so a flag someone edited after the
 * plan is refused (422) instead of overwritten: for a ConfigMap the whole definition text; for a
 * FeatureFlag its resourceVersion plus the flag's state and defaultVariant. (Not the flag object
 * itself: kube-apiserver 1.36's JSON patch `test` of an array holding null, common in targeting
 * rules like {"if": [cond, "on", null]}, panics the handler and drops the connection.)
 */
import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { k8s, type CallContext } from "@/lib/k8s/call";
import type { JsonPatchOp } from "@/lib/k8s/types";
import type { FlagSource } from "./config";
import {
  FlagDefinitionError,
  PREVIOUS_STATE_ANNOTATION,
  parsePreviousStates,
  type FlagdDefinition,
  type FlagdFlag,
  type PreviousFlagState,
} from "./definition";

export const FEATURE_FLAG_API = { group: "core.openfeature.dev", version: "v1beta1", plural: "featureflags" } as const;

export interface FlagDocument {
  source: FlagSource & { namespace: string };
  definition: FlagdDefinition;
  previous: Record<string, PreviousFlagState>;
  resourceVersion: string;
  hasAnnotations: boolean;
  /** The object's labels and annotations, for the plan's managed-by notes (lib/gitops/plan-notes.ts). */
  meta: { labels?: Record<string, string>; annotations?: Record<string, string> };
  /** ConfigMap only: the data key and its text as read (the `test` of the patch). */
  dataKey?: string;
  rawText?: string;
}

interface KObject {
  metadata: { resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { flagSpec?: FlagdDefinition };
  data?: Record<string, string>;
}

const ptr = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

export const sourceLabel = (s: FlagSource & { namespace: string }) =>
  s.source === "featureflag-cr" ? `FeatureFlag ${s.namespace}/${s.name}` : `ConfigMap ${s.namespace}/${s.name}`;

export async function readFlags(ctx: CallContext, src: FlagSource & { namespace: string }): Promise<FlagDocument> {
  const what = `read ${sourceLabel(src)}`;
  if (src.source === "featureflag-cr") {
    const obj = (await k8s(ctx, what, () =>
      ctx.kube.custom.getNamespacedCustomObject({ ...FEATURE_FLAG_API, namespace: src.namespace, name: src.name }),
    )) as KObject;
    return {
      source: src,
      definition: { ...(obj.spec?.flagSpec ?? {}), flags: obj.spec?.flagSpec?.flags ?? {} },
      previous: parsePreviousStates(obj.metadata.annotations),
      resourceVersion: obj.metadata.resourceVersion ?? "",
      hasAnnotations: obj.metadata.annotations !== undefined,
      meta: { labels: obj.metadata.labels, annotations: obj.metadata.annotations },
    };
  }
  const cm = (await k8s(ctx, what, () =>
    ctx.kube.core.readNamespacedConfigMap({ name: src.name, namespace: src.namespace }),
  )) as KObject;
  const data = cm.data ?? {};
  const keys = Object.keys(data);
  const dataKey =
    src.configMapKey ??
    (keys.filter((k) => k.endsWith(".json")).length === 1 ? keys.find((k) => k.endsWith(".json")) : undefined);
  if (!dataKey || data[dataKey] === undefined) {
    throw new FlagDefinitionError(
      `${sourceLabel(src)} has no flag definition key${src.configMapKey ? ` "${src.configMapKey}"` : " (give configMapKey)"}; keys: ${keys.join(", ") || "none"}`,
    );
  }
  let definition: FlagdDefinition;
  try {
    definition = JSON.parse(data[dataKey]) as FlagdDefinition;
  } catch (e) {
    throw new FlagDefinitionError(`${sourceLabel(src)} key "${dataKey}" is not valid JSON: ${(e as Error).message}`);
  }
  return {
    source: src,
    definition: { ...definition, flags: definition.flags ?? {} },
    previous: parsePreviousStates(cm.metadata.annotations),
    resourceVersion: cm.metadata.resourceVersion ?? "",
    hasAnnotations: cm.metadata.annotations !== undefined,
    meta: { labels: cm.metadata.labels, annotations: cm.metadata.annotations },
    dataKey,
    rawText: data[dataKey],
  };
}

/** The JSON patch replacing one flag and the recorded previous states, guarded by `test` ops. */
export function flagPatch(
  doc: FlagDocument,
  key: string,
  before: FlagdFlag,
  after: FlagdFlag,
  previous: Record<string, PreviousFlagState>,
): JsonPatchOp[] {
  const ops: JsonPatchOp[] = [];
  if (doc.source.source === "featureflag-cr") {
    const path = `/spec/flagSpec/flags/${ptr(key)}`;
    ops.push(
      { op: "test", path: "/metadata/resourceVersion", value: doc.resourceVersion },
      { op: "test", path: `${path}/state`, value: before.state },
      { op: "test", path: `${path}/defaultVariant`, value: before.defaultVariant },
      { op: "replace", path, value: after },
    );
  } else {
    const path = `/data/${ptr(doc.dataKey!)}`;
    const next = { ...doc.definition, flags: { ...doc.definition.flags, [key]: after } };
    ops.push(
      { op: "test", path, value: doc.rawText },
      { op: "replace", path, value: `${JSON.stringify(next, null, 2)}\n` },
    );
  }
  const ann = JSON.stringify(previous);
  if (!doc.hasAnnotations)
    ops.push({ op: "add", path: "/metadata/annotations", value: { [PREVIOUS_STATE_ANNOTATION]: ann } });
  else ops.push({ op: "add", path: `/metadata/annotations/${ptr(PREVIOUS_STATE_ANNOTATION)}`, value: ann });
  return ops;
}

/** Applies (or, with dryRun, validates through admission and the CRD schema) a flag patch. */
export async function patchFlags(
  ctx: CallContext,
  src: FlagSource & { namespace: string },
  ops: JsonPatchOp[],
  dryRun = false,
): Promise<void> {
  const what = `${dryRun ? "dry-run patch" : "patch"} ${sourceLabel(src)}`;
  const opts = setHeaderOptions("Content-Type", PatchStrategy.JsonPatch);
  const dry = dryRun ? "All" : undefined;
  if (src.source === "featureflag-cr") {
    await k8s(ctx, what, () =>
      ctx.kube.custom.patchNamespacedCustomObject(
        { ...FEATURE_FLAG_API, namespace: src.namespace, name: src.name, body: ops, dryRun: dry },
        opts,
      ),
    );
  } else {
    await k8s(ctx, what, () =>
      ctx.kube.core.patchNamespacedConfigMap(
        { name: src.name, namespace: src.namespace, body: ops, dryRun: dry },
        opts,
      ),
    );
  }
}

export { flagSourceSchema, type FlagSource } from "./config";
