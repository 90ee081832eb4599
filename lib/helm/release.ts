/**
 * Helm release records as Helm's Secrets storage driver keeps them (pure: no I/O). Each revision is
 * one Secret `sh.helm.release.v1.<name>.v<revision>` of type `helm.sh/release.v1`, labelled
 * `owner=helm,name=<name>,status=…,version=…`, whose `data.release` is the release JSON, gzipped
 * and base64-encoded by Helm, then base64-encoded again by the Secret's `data`.
 *
 * @see https://github.com/helm/helm/blob/main/pkg/storage/driver/secrets.go (newSecretsObject, Query)
 * @see https://github.com/helm/helm/blob/main/pkg/storage/driver/util.go (encodeRelease, decodeRelease)
 */
import { gunzipSync } from "node:zlib";
import { AppError } from "@/lib/errors";

export const HELM_SECRET_TYPE = "helm.sh/release.v1";

/** Helm's release statuses. @see https://github.com/helm/helm/blob/main/pkg/release/common/status.go */
export type HelmStatus =
  | "unknown"
  | "deployed"
  | "uninstalled"
  | "superseded"
  | "failed"
  | "uninstalling"
  | "pending-install"
  | "pending-upgrade"
  | "pending-rollback";

/** The parts of a release (`pkg/release/v1.Release` as JSON) the strategy reads. */
export interface HelmRelease {
  name: string;
  namespace: string;
  version: number;
  info: { status: HelmStatus; description?: string; last_deployed?: string };
  chart: { metadata: { name: string; version: string; appVersion?: string } };
  manifest: string;
}

/** One revision: the decoded release and the Secret it came from. */
export interface HelmRevision {
  secretName: string;
  resourceVersion: string;
  release: HelmRelease;
}

interface SecretLike {
  metadata?: { name?: string; resourceVersion?: string; labels?: Record<string, string> };
  type?: string;
  data?: Record<string, string>;
}

const GZIP_MAGIC = [0x1f, 0x8b, 0x08];

/**
 * `data.release` (as the apiserver returns it: the Secret's base64) → the release JSON. Helm
 * skips decompression when the gzip magic is absent (releases stored before compression).
 */
export function decodeReleaseData(secretData: string): unknown {
  const helmEncoded = Buffer.from(secretData, "base64").toString("utf8");
  let bytes = Buffer.from(helmEncoded, "base64");
  if (bytes.length > 3 && GZIP_MAGIC.every((b, i) => bytes[i] === b)) bytes = gunzipSync(bytes);
  return JSON.parse(bytes.toString("utf8"));
}

/** A release Secret → its revision; a Secret that is not a readable Helm release record throws. */
export function decodeReleaseSecret(secret: SecretLike): HelmRevision {
  const name = secret.metadata?.name ?? "(unnamed)";
  if (secret.type !== HELM_SECRET_TYPE)
    throw new AppError("invalid", `Secret ${name} is not a Helm release record (type ${secret.type ?? "none"})`);
  const data = secret.data?.release;
  if (!data) throw new AppError("invalid", `Secret ${name} holds no release record (data.release is empty)`);
  let json: unknown;
  try {
    json = decodeReleaseData(data);
  } catch {
    throw new AppError("invalid", `Secret ${name} holds a release record Helm's encoding cannot be read from`);
  }
  const r = json as Partial<HelmRelease> | null;
  if (!r || typeof r.name !== "string" || typeof r.version !== "number" || !r.info || !r.chart?.metadata)
    throw new AppError("invalid", `Secret ${name} holds a release record without name, version, info or chart`);
  return {
    secretName: name,
    resourceVersion: secret.metadata?.resourceVersion ?? "",
    release: {
      name: r.name,
      namespace: r.namespace ?? "",
      version: r.version,
      info: { status: r.info.status, description: r.info.description, last_deployed: r.info.last_deployed },
      chart: {
        metadata: {
          name: r.chart.metadata.name,
          version: r.chart.metadata.version,
          appVersion: r.chart.metadata.appVersion,
        },
      },
      manifest: r.manifest ?? "",
    },
  };
}

/** Oldest first, as `helm history` lists them (relutil.SortByRevision). */
export function sortByRevision(history: HelmRevision[]): HelmRevision[] {
  return [...history].sort((a, b) => a.release.version - b.release.version);
}

/**
 * The current and target revisions exactly as `helm rollback <name> [revision]` chooses them:
 * current is the highest revision whatever its status (Storage.Last); revision 0 means current − 1;
 * a negative revision is "invalid release revision"; one not in the history is "release has no N
 * version"; no history at all is Helm's "release: not found".
 *
 * @see https://github.com/helm/helm/blob/main/pkg/action/rollback.go (prepareRollback)
 * @see https://github.com/helm/helm/blob/main/pkg/storage/storage.go (Last)
 */
export function chooseRevision(
  name: string,
  history: HelmRevision[],
  toRevision: number,
): { current: HelmRevision; target: HelmRevision } {
  if (toRevision < 0) throw new AppError("invalid", "invalid release revision");
  const sorted = sortByRevision(history);
  const current = sorted.at(-1);
  if (!current)
    throw new AppError(
      "not_found",
      `release: not found (Helm release "${name}" has no release Secrets with owner=helm,name=${name} in this namespace)`,
    );
  const want = toRevision === 0 ? current.release.version - 1 : toRevision;
  const target = sorted.find((r) => r.release.version === want);
  if (!target) throw new AppError("not_found", `release has no ${want} version`);
  return { current, target };
}

/** `chart-1.2.3 (app 4.5)`: how `helm history` shows CHART and APP VERSION. */
export function describeChart(r: HelmRelease): string {
  const m = r.chart.metadata;
  return `${m.name}-${m.version}${m.appVersion ? ` (app ${m.appVersion})` : ""}`;
}

/** Revisions another Helm operation is in the middle of (Helm refuses upgrades while one exists). */
export function pendingRevisions(history: HelmRevision[]): HelmRevision[] {
  return sortByRevision(history).filter((r) => r.release.info.status?.startsWith("pending-"));
}
