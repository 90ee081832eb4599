/**
 * What one watched object says changed, pure. Each revision of a workload's history is one change:
 * - a ReplicaSet controlled by one of the service's Deployments, at its
 *   deployment.kubernetes.io/revision (a new ReplicaSet gets the next number; `kubectl rollout
 *   undo` makes the controller re-number the old one, which is a change at a new revision too);
 * - a ControllerRevision controlled by one of its StatefulSets or DaemonSets, at its `revision`
 *   (re-numbered the same way on undo);
 * - a FeatureFlag (at its generation) or flag ConfigMap (at its resourceVersion) whose flags'
 *   state, default variant or targeting differ from the last recorded snapshot;
 * - a Helm release record (Secret sh.helm.release.v1.<release>.v<N>) of one of the service's
 *   releases, at its release revision N. Helm rewrites that Secret as the revision moves on
 *   (pending-upgrade → deployed → superseded): the same object at the same revision, one change
 *   whose status the recorder keeps current.
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/deployment/sync.go (getNewReplicaSet: revision bump)
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/history/controller_history.go
 */
import { manifestObjects } from "@/lib/helm/manifest-diff";
import { HELM_SECRET_TYPE, decodeReleaseSecret, describeChart, type HelmRelease } from "@/lib/helm/release";
import { revisionTemplate } from "@/lib/k8s/controller-revision-undo";
import { CHANGE_CAUSE_ANNOTATION, REVISION_ANNOTATION } from "@/lib/k8s/revisions";
import type { ControllerRevision, ObjectMeta, PodTemplate, ReplicaSet } from "@/lib/k8s/types";
import type { HelmChangeDetails } from "./helm-details";
import type { ChangeKind } from "./kinds";

export type WorkloadKind = "Deployment" | "StatefulSet" | "DaemonSet" | "FeatureFlag" | "ConfigMap" | "HelmRelease";

export interface ChangeDraft {
  sourceKind: ChangeKind;
  namespace: string;
  objectName: string;
  objectUid: string;
  workloadKind: WorkloadKind;
  workloadName: string;
  revision: string;
  summary: string;
  images: string[];
  changeCause: string | null;
  actor: string | null;
  details: Record<string, unknown>;
  occurredAt: Date;
}

type ManagedEntry = { manager?: string; time?: string; subresource?: string; operation?: string };

/** The latest write to the object itself (status writes left out): when and by which field manager. */
export function latestWrite(meta: ObjectMeta, ignore: readonly string[] = []): { at: Date; manager: string } | null {
  let best: { at: Date; manager: string } | null = null;
  for (const m of (meta.managedFields ?? []) as ManagedEntry[]) {
    if (m.subresource || !m.time || !m.manager || ignore.includes(m.manager)) continue;
    const at = new Date(m.time);
    if (!Number.isNaN(at.getTime()) && (!best || at >= best.at)) best = { at, manager: m.manager };
  }
  return best;
}

/** Creation, or the latest write when later (a re-numbered ReplicaSet changed then). */
function changedAt(meta: ObjectMeta, now: Date): Date {
  const created = meta.creationTimestamp ? new Date(meta.creationTimestamp) : null;
  const written = latestWrite(meta)?.at ?? null;
  const t = [created, written].filter((d): d is Date => d !== null && !Number.isNaN(d.getTime()));
  return t.length ? new Date(Math.max(...t.map((d) => d.getTime()))) : now;
}

export function imagesOf(template: PodTemplate | undefined): string[] {
  const spec = template?.spec;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].flatMap((c) => (c.image ? [c.image] : []));
}

function controller(meta: ObjectMeta, kinds: readonly string[]) {
  return (meta.ownerReferences ?? []).find((o) => o.controller === true && kinds.includes(o.kind));
}

const describe = (kind: string, name: string, images: string[], revision: string) =>
  `${kind} ${name} → ${images.join(", ") || "(no image)"} (revision ${revision})`;

export function replicaSetChange(rs: ReplicaSet, deployments: readonly string[], now = new Date()): ChangeDraft | null {
  const owner = controller(rs.metadata, ["Deployment"]);
  if (!owner || !deployments.includes(owner.name)) return null;
  const revision = rs.metadata.annotations?.[REVISION_ANNOTATION];
  if (!revision || !/^[0-9]+$/.test(revision)) return null;
  const images = imagesOf(rs.spec?.template);
  return {
    sourceKind: "ReplicaSet",
    namespace: rs.metadata.namespace ?? "",
    objectName: rs.metadata.name,
    objectUid: rs.metadata.uid ?? "",
    workloadKind: "Deployment",
    workloadName: owner.name,
    revision,
    summary: describe("Deployment", owner.name, images, revision),
    images,
    changeCause: rs.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION] ?? null,
    actor: null,
    details: { podTemplateHash: rs.metadata.labels?.["pod-template-hash"] ?? null },
    occurredAt: changedAt(rs.metadata, now),
  };
}

export function controllerRevisionChange(
  cr: ControllerRevision,
  workloads: { statefulSets: readonly string[]; daemonSets: readonly string[] },
  now = new Date(),
): ChangeDraft | null {
  const owner = controller(cr.metadata, ["StatefulSet", "DaemonSet"]);
  if (!owner) return null;
  const list = owner.kind === "StatefulSet" ? workloads.statefulSets : workloads.daemonSets;
  if (!list.includes(owner.name) || !Number.isInteger(cr.revision)) return null;
  const images = imagesOf(revisionTemplate(cr));
  const revision = String(cr.revision);
  const kind = owner.kind as "StatefulSet" | "DaemonSet";
  return {
    sourceKind: "ControllerRevision",
    namespace: cr.metadata.namespace ?? "",
    objectName: cr.metadata.name,
    objectUid: cr.metadata.uid ?? "",
    workloadKind: kind,
    workloadName: owner.name,
    revision,
    summary: describe(kind, owner.name, images, revision),
    images,
    changeCause: cr.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION] ?? null,
    actor: null,
    details: {},
    occurredAt: changedAt(cr.metadata, now),
  };
}

/** What the recorder keeps of a flag: no variant values (they may be anything), no targeting rules. */
export type FlagSnapshot = Record<string, { state: string; defaultVariant: string; targeting: boolean }>;

export function flagSnapshot(flags: unknown): FlagSnapshot {
  const out: FlagSnapshot = {};
  if (!flags || typeof flags !== "object") return out;
  for (const [key, f] of Object.entries(flags as Record<string, Record<string, unknown>>)) {
    if (!f || typeof f !== "object") continue;
    out[key] = {
      state: String(f.state ?? ""),
      defaultVariant: String(f.defaultVariant ?? ""),
      targeting: f.targeting !== undefined && f.targeting !== null,
    };
  }
  return out;
}

/** "checkout-v2: ENABLED → DISABLED; new-nav: added", or null when nothing a flag serves changed. */
export function flagDiff(before: FlagSnapshot | null, after: FlagSnapshot): string | null {
  if (!before) {
    const keys = Object.keys(after).sort();
    return keys.length
      ? keys.map((k) => `${k}: ${after[k].state}, default ${after[k].defaultVariant}`).join("; ")
      : "no flags";
  }
  const parts: string[] = [];
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const a = before[key];
    const b = after[key];
    if (!a) parts.push(`${key}: added (${b.state}, default ${b.defaultVariant})`);
    else if (!b) parts.push(`${key}: removed`);
    else {
      const d: string[] = [];
      if (a.state !== b.state) d.push(`${a.state} → ${b.state}`);
      if (a.defaultVariant !== b.defaultVariant) d.push(`default ${a.defaultVariant} → ${b.defaultVariant}`);
      if (a.targeting !== b.targeting) d.push(b.targeting ? "targeting added" : "targeting removed");
      if (d.length) parts.push(`${key}: ${d.join(", ")}`);
    }
  }
  return parts.length ? parts.join("; ") : null;
}

type FlagObject = {
  metadata: ObjectMeta;
  spec?: { flagSpec?: { flags?: unknown } };
  data?: Record<string, string>;
};

/** The ConfigMap key holding the flagd JSON, as lib/flags/source.ts reads it. */
function dataKeyOf(data: Record<string, string>, configured?: string): string | undefined {
  if (configured) return data[configured] === undefined ? undefined : configured;
  const json = Object.keys(data).filter((k) => k.endsWith(".json"));
  return json.length === 1 ? json[0] : undefined;
}

export function flagChange(
  kind: "FeatureFlag" | "ConfigMap",
  obj: FlagObject,
  opts: { configMapKey?: string; previous: FlagSnapshot | null },
  now = new Date(),
): ChangeDraft | null {
  let flags: unknown;
  let invalid: string | null = null;
  if (kind === "FeatureFlag") flags = obj.spec?.flagSpec?.flags;
  else {
    const key = dataKeyOf(obj.data ?? {}, opts.configMapKey);
    try {
      flags = key ? (JSON.parse(obj.data![key]) as { flags?: unknown }).flags : undefined;
      if (!key) invalid = "no flag definition key";
    } catch {
      invalid = "the flag definition is not valid JSON";
    }
  }
  const snapshot = flagSnapshot(flags);
  const diff = invalid ?? flagDiff(opts.previous, snapshot);
  if (diff === null) return null;
  const revision = kind === "FeatureFlag" ? String(obj.metadata.generation ?? 0) : (obj.metadata.resourceVersion ?? "");
  const write = latestWrite(obj.metadata);
  return {
    sourceKind: kind,
    namespace: obj.metadata.namespace ?? "",
    objectName: obj.metadata.name,
    objectUid: obj.metadata.uid ?? "",
    workloadKind: kind,
    workloadName: obj.metadata.name,
    revision,
    summary: `${kind} ${obj.metadata.name}: ${diff}`,
    images: [],
    changeCause: obj.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION] ?? null,
    actor: write?.manager ?? null,
    details: { flags: snapshot, ...(invalid ? { invalid } : {}) },
    occurredAt: changedAt(obj.metadata, now),
  };
}

const ROLLBACK_DESCRIPTION = /^Rollback to ([0-9]{1,9})$/;

/** The images of the workloads a release renders (pod templates, a CronJob's, a bare Pod's). */
function manifestImages(manifest: string): string[] {
  const images = new Set<string>();
  let objects: ReturnType<typeof manifestObjects>;
  try {
    objects = manifestObjects(manifest);
  } catch {
    return [];
  }
  for (const o of objects.values()) {
    const spec = o.spec as { template?: PodTemplate; jobTemplate?: { spec?: { template?: PodTemplate } } } | undefined;
    const template =
      o.kind === "Pod" ? ({ spec: o.spec } as PodTemplate) : (spec?.template ?? spec?.jobTemplate?.spec?.template);
    for (const i of imagesOf(template)) images.add(i);
  }
  return [...images];
}

type SecretObject = {
  metadata: ObjectMeta;
  type?: string;
  data?: Record<string, string>;
};

/** "web-release-0.2.0 (app 2.0)", with "rollback to revision N" when helm rollback made it. */
function helmSummary(r: HelmRelease, rollbackTo: number | null): string {
  const how = rollbackTo === null ? "" : `, rollback to revision ${rollbackTo}`;
  return `Helm release ${r.name} → ${describeChart(r)} (revision ${r.version}${how})`;
}

/**
 * A Helm release record of one of `releases` → its revision as a change; null for any other Secret
 * or a record that cannot be read. When it happened is when helm created the record: later writes
 * only move its status on.
 */
export function helmReleaseChange(
  secret: SecretObject,
  releases: readonly string[],
  now = new Date(),
): ChangeDraft | null {
  const labels = secret.metadata.labels ?? {};
  if (secret.type !== HELM_SECRET_TYPE || labels.owner !== "helm" || !releases.includes(labels.name ?? "")) return null;
  let release: HelmRelease;
  try {
    release = decodeReleaseSecret(secret).release;
  } catch {
    return null;
  }
  if (release.name !== labels.name || !Number.isInteger(release.version)) return null;
  const description = release.info.description?.trim() || null;
  const rollback = description ? ROLLBACK_DESCRIPTION.exec(description) : null;
  const m = release.chart.metadata;
  const details: HelmChangeDetails = {
    release: release.name,
    revision: release.version,
    chart: m.name,
    chartVersion: m.version,
    appVersion: m.appVersion ?? null,
    status: release.info.status ?? "unknown",
    description,
    rollbackTo: rollback ? Number(rollback[1]) : null,
  };
  const created = secret.metadata.creationTimestamp ? new Date(secret.metadata.creationTimestamp) : null;
  return {
    sourceKind: "HelmRelease",
    namespace: secret.metadata.namespace ?? "",
    objectName: secret.metadata.name,
    objectUid: secret.metadata.uid ?? "",
    workloadKind: "HelmRelease",
    workloadName: release.name,
    revision: String(release.version),
    summary: helmSummary(release, details.rollbackTo),
    images: manifestImages(release.manifest),
    // helm's description: "Upgrade complete", "Rollback to 1", or what `--description` said.
    changeCause: description,
    actor: latestWrite(secret.metadata)?.manager ?? null,
    details: { ...details },
    occurredAt: created && !Number.isNaN(created.getTime()) ? created : now,
  };
}
