/**
 * Workloads annotated `rollback-command-center.io/service: NAME` → service proposals, with no one
 * clicking (pure, browser-safe). See annotations.ts for the annotation set. The Deployments of one
 * context and namespace carrying the same NAME form one service; their settings annotations must
 * agree. Each proposal is validated with serviceSettingsSchema; one bad service is reported and
 * the others still come through. The catalog writes the proposals (managedBy "annotation").
 * Pass every context's discovery at once: a NAME used in two namespaces or clusters is refused.
 */
import { serviceSettingsSchema, type ServiceSettingsInput } from "@/lib/services/service-settings";
import {
  RCC_ANNOTATION_PREFIX,
  SERVICE_ANNOTATION,
  SETTINGS_ANNOTATIONS,
  annotationOfPath,
  settingsFromAnnotations,
  type SettingsAnnotation,
} from "./annotations";
import { proposeService, type ServiceProposal } from "./propose-service";
import { workloadRef, type ContextDiscovery, type DiscoveredWorkload } from "./types";

export interface AnnotatedServiceError {
  /** The annotated NAME (as written). */
  service: string;
  from: string[];
  /** The annotation at fault, when one is. */
  annotation: string | null;
  message: string;
}

export interface AnnotatedServices {
  services: ServiceProposal[];
  errors: AnnotatedServiceError[];
}

const KNOWN = new Set<string>(SETTINGS_ANNOTATIONS);

/** The settings annotations the group agrees on, or the first disagreement. */
function mergeAnnotations(group: DiscoveredWorkload[]): {
  merged: Partial<Record<SettingsAnnotation, string>>;
  errors: { annotation: string; message: string }[];
} {
  const merged: Partial<Record<SettingsAnnotation, string>> = {};
  const setBy: Partial<Record<SettingsAnnotation, string>> = {};
  const errors: { annotation: string; message: string }[] = [];
  for (const w of group) {
    for (const [key, value] of Object.entries(w.rccAnnotations)) {
      const short = key.slice(RCC_ANNOTATION_PREFIX.length);
      if (!KNOWN.has(short)) {
        errors.push({ annotation: key, message: `unknown annotation on ${w.name}` });
        continue;
      }
      const k = short as SettingsAnnotation;
      if (merged[k] !== undefined && merged[k] !== value) {
        errors.push({ annotation: key, message: `${setBy[k]} says "${merged[k]}", ${w.name} says "${value}"` });
        continue;
      }
      merged[k] = value;
      setBy[k] = w.name;
    }
  }
  return { merged, errors };
}

export function annotatedServices(discovery: readonly ContextDiscovery[]): AnnotatedServices {
  const groups = new Map<string, DiscoveredWorkload[]>();
  // Two contexts on one API server (say an admin's and a least-privilege one) see the same objects:
  // the first context listing an object proposes it.
  const seen = new Set<string>();
  for (const ctx of discovery)
    for (const ns of ctx.namespaces)
      for (const w of ns.workloads) {
        const name = w.rccAnnotations[SERVICE_ANNOTATION];
        if (name === undefined) continue;
        const object = JSON.stringify([ctx.server ?? ctx.context, w.namespace, w.kind, w.name]);
        if (seen.has(object)) continue;
        seen.add(object);
        const key = JSON.stringify([name.trim(), w.context, w.namespace]);
        groups.set(key, [...(groups.get(key) ?? []), w]);
      }

  const out: AnnotatedServices = { services: [], errors: [] };
  // A service name is the catalog's key: the same NAME in two places is two services fighting over it.
  const places = new Map<string, string[]>();
  for (const key of groups.keys()) {
    const [name, context, namespace] = JSON.parse(key) as string[];
    places.set(name, [...(places.get(name) ?? []), `${context}/${namespace}`]);
  }
  for (const [key, group] of groups) {
    const [name] = JSON.parse(key) as string[];
    const from = group.map(workloadRef);
    const fail = (annotation: string | null, message: string) =>
      out.errors.push({ service: name, from, annotation, message });
    const where = places.get(name)!;
    if (where.length > 1) {
      fail(SERVICE_ANNOTATION, `service "${name}" is annotated in ${where.length} places: ${where.join(", ")}`);
      continue;
    }
    const { merged, errors } = mergeAnnotations(group);
    const { settings, issues } = settingsFromAnnotations(merged);
    for (const e of [...errors, ...issues]) fail(e.annotation, e.message);
    if (errors.length || issues.length) continue;

    const base = proposeService(group, name).settings;
    const strategies = { ...base.strategies, ...settings.strategies };
    const input: ServiceSettingsInput = {
      ...base,
      ...settings,
      ...(Object.keys(strategies).length ? { strategies } : {}),
    };
    const parsed = serviceSettingsSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) fail(annotationOfPath(issue.path), issue.message);
      continue;
    }
    out.services.push({ settings: input, from });
  }
  return out;
}
