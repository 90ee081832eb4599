/**
 * The settings annotations a team may put on its Deployments so that they become a catalog service
 * without anyone clicking (browser-safe, pure). `rollback-command-center.io/service: NAME` opts in;
 * every Deployment of one namespace annotated with the same NAME joins that one service. The rest
 * are optional; each value is validated by the catalog's own schema (serviceSettingsSchema), so an
 * annotation accepts exactly what the editor and the catalog file accept:
 *
 * | annotation (prefix `rollback-command-center.io/`) | setting |
 * | --- | --- |
 * | `service` | `name` (required; lower-case DNS label) |
 * | `description` | `description` |
 * | `trigger-policy` | `triggerPolicy`: `off`, `notify` or `auto` |
 * | `health-url` | `healthUrl` (http/https) |
 * | `version-url` | `versionUrl` (http/https) |
 * | `needs-second-approver` | `needsSecondApprover`: `true` or `false` |
 * | `blue-green-service` | `strategies.blueGreen.service`: the Service whose selector picks the color |
 * | `blue-green-colors` | `strategies.blueGreen.stableColor,badColor`, e.g. `blue,green` |
 * | `blue-green-color-label` | `strategies.blueGreen.colorLabel` (default `color`) |
 * | `flags` | `strategies.flags`: FeatureFlag names in the namespace, comma-separated |
 *
 * Any other annotation under the prefix is refused (a typo must not be silently ignored).
 */
import type { ServiceSettingsInput } from "@/lib/services/service-settings";

export const RCC_ANNOTATION_PREFIX = "rollback-command-center.io/";
export const SERVICE_ANNOTATION = `${RCC_ANNOTATION_PREFIX}service`;

export const SETTINGS_ANNOTATIONS = [
  "service",
  "description",
  "trigger-policy",
  "health-url",
  "version-url",
  "needs-second-approver",
  "blue-green-service",
  "blue-green-colors",
  "blue-green-color-label",
  "flags",
] as const;
export type SettingsAnnotation = (typeof SETTINGS_ANNOTATIONS)[number];

const list = (v: string) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** "true"/"false" become booleans; anything else stays a string so the schema names the field. */
const bool = (v: string): boolean | string => (v.trim() === "true" ? true : v.trim() === "false" ? false : v);

export interface AnnotationIssue {
  /** The full annotation key. */
  annotation: string;
  message: string;
}

/**
 * One Deployment's settings annotations (keys without the prefix) → the settings they set, plus
 * the values whose shape is wrong before the schema even sees them. `name`, context, namespace and
 * Deployments come from discovery, not from here.
 */
export function settingsFromAnnotations(a: Partial<Record<SettingsAnnotation, string>>): {
  settings: Partial<ServiceSettingsInput>;
  issues: AnnotationIssue[];
} {
  const out: Partial<ServiceSettingsInput> = {};
  const issues: AnnotationIssue[] = [];
  const strategies: NonNullable<ServiceSettingsInput["strategies"]> = {};
  if (a.description !== undefined) out.description = a.description;
  // Casts: a wrong value goes to the schema as written, and the schema names the field.
  if (a["trigger-policy"] !== undefined) out.triggerPolicy = a["trigger-policy"].trim() as "notify";
  if (a["health-url"] !== undefined) out.healthUrl = a["health-url"].trim();
  if (a["version-url"] !== undefined) out.versionUrl = a["version-url"].trim();
  if (a["needs-second-approver"] !== undefined) out.needsSecondApprover = bool(a["needs-second-approver"]) as boolean;
  const bg = ["blue-green-service", "blue-green-colors", "blue-green-color-label"] as const;
  if (bg.some((k) => a[k] !== undefined)) {
    const colors = list(a["blue-green-colors"] ?? "");
    if (colors.length !== 2)
      issues.push({
        annotation: `${RCC_ANNOTATION_PREFIX}blue-green-colors`,
        message: 'two colors, the stable one first: e.g. "blue,green"',
      });
    strategies.blueGreen = {
      service: a["blue-green-service"]?.trim() ?? "",
      stableColor: colors[0] ?? "",
      badColor: colors[1] ?? "",
      ...(a["blue-green-color-label"] !== undefined ? { colorLabel: a["blue-green-color-label"].trim() } : {}),
    };
  }
  if (a.flags !== undefined) {
    const names = list(a.flags);
    if (names.length === 0)
      issues.push({ annotation: `${RCC_ANNOTATION_PREFIX}flags`, message: "FeatureFlag names, comma-separated" });
    else strategies.flags = names.length === 1 ? { name: names[0] } : names.map((name) => ({ name }));
  }
  if (Object.keys(strategies).length) out.strategies = strategies;
  return { settings: out, issues };
}

/** The annotation a settings path came from, for errors ("trigger-policy: Invalid option…"). */
export function annotationOfPath(path: readonly PropertyKey[]): string {
  const [top, section, field] = path.map(String);
  const byTop: Record<string, SettingsAnnotation> = {
    name: "service",
    description: "description",
    triggerPolicy: "trigger-policy",
    healthUrl: "health-url",
    versionUrl: "version-url",
    needsSecondApprover: "needs-second-approver",
  };
  if (top in byTop) return RCC_ANNOTATION_PREFIX + byTop[top];
  if (top === "strategies" && section === "blueGreen") {
    const k = field === "service" ? "blue-green-service" : field === "colorLabel" ? "blue-green-color-label" : "";
    return RCC_ANNOTATION_PREFIX + (k || "blue-green-colors");
  }
  if (top === "strategies" && section === "flags") return `${RCC_ANNOTATION_PREFIX}flags`;
  return path.join(".") || "settings";
}
