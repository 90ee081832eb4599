/**
 * The real helm (built from its Go module by ./build.sh, only when missing) for the chart's tests.
 *
 *   const out = await helm(["template", "rcc", CHART_DIR, "--set", "database.url=…"]);
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import path from "node:path";
import { kubectl, kubectlJson } from "@/test/cluster/kubectl";

export const HELM_BUILD_SCRIPT = path.join(import.meta.dirname, "build.sh");
export const CHART_DIR = path.join(import.meta.dirname, "../../charts/rollback-command-center");
/** The values the chart refuses to render without (test values, not secrets). */
export const CHART_REQUIRED_VALUES = [
  "--set",
  "database.url=postgresql://rcc:pw@db:5432/rcc",
  "--set",
  "auth.secret=test-auth-secret",
];

/** The helm binary, building it when missing (RCC_HELM_BIN overrides; RCC_HELM_NO_BUILD=1 refuses to build). */
export function ensureHelm(): string {
  if (process.env.RCC_HELM_BIN) return process.env.RCC_HELM_BIN;
  const check = spawnSync("bash", [HELM_BUILD_SCRIPT, "--check"], { encoding: "utf8" });
  if (check.status === 0) return check.stdout.trim().split("\n").pop()!;
  if (process.env.RCC_HELM_NO_BUILD === "1")
    throw new Error(`helm is not built. Run: bash ${path.relative(process.cwd(), HELM_BUILD_SCRIPT)}`);
  process.stderr.write("[helm] binary missing: running test/helm/build.sh (a cold build takes minutes)\n");
  const build = spawnSync("bash", [HELM_BUILD_SCRIPT], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (build.status !== 0) throw new Error(`test/helm/build.sh failed with exit code ${build.status}`);
  return build.stdout.trim().split("\n").pop()!;
}

export interface HelmResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs helm with its state (cache, config, data) under `home`, never the user's. */
export function helmRaw(args: string[], opts: { home: string; kubeconfig?: string }): Promise<HelmResult> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: process.env.NODE_ENV,
    HOME: opts.home,
    HELM_CACHE_HOME: path.join(opts.home, "cache"),
    HELM_CONFIG_HOME: path.join(opts.home, "config"),
    HELM_DATA_HOME: path.join(opts.home, "data"),
  };
  if (opts.kubeconfig) env.KUBECONFIG = opts.kubeconfig;
  return new Promise((resolve, reject) => {
    const p = spawn(ensureHelm(), args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("error", reject);
    p.on("close", (code) => resolve({ stdout, stderr, code: code ?? -1 }));
  });
}

export async function helm(args: string[], opts: { home: string; kubeconfig?: string }): Promise<string> {
  const r = await helmRaw(args, opts);
  if (r.code !== 0) throw new Error(`helm ${args[0]} exited ${r.code}: ${r.stderr.trim()}`);
  return r.stdout;
}

/**
 * A kubeconfig for a ServiceAccount (the chart's, say), with a token from the TokenRequest API
 * (`kubectl create token`) and the admin kubeconfig's cluster (server + CA), written under `dir`.
 * `contexts` maps extra context names to namespaces on the same cluster and identity (a "dr"
 * context, for instance); the SA's own context is current.
 */
export async function serviceAccountKubeconfig(
  adminKubeconfig: string,
  opts: { namespace: string; serviceAccount: string; dir: string; contexts?: Record<string, string> },
): Promise<string> {
  const { namespace: ns, serviceAccount: sa } = opts;
  const token = (await kubectl(adminKubeconfig, ["-n", ns, "create", "token", sa])).trim();
  const admin = await kubectlJson<{ clusters: { name: string }[] }>(adminKubeconfig, [
    "config",
    "view",
    "--raw",
    "--minify",
  ]);
  const cluster = admin.clusters[0].name;
  const extra = Object.entries(opts.contexts ?? {}).map(([name, namespace]) => ({
    name,
    context: { cluster, user: sa, namespace },
  }));
  const cfg = {
    apiVersion: "v1",
    kind: "Config",
    clusters: admin.clusters,
    users: [{ name: sa, user: { token } }],
    contexts: [{ name: sa, context: { cluster, user: sa, namespace: ns } }, ...extra],
    "current-context": sa,
  };
  const file = path.join(await mkdtemp(path.join(opts.dir, "sa-")), "kubeconfig");
  await writeFile(file, JSON.stringify(cfg), { mode: 0o600 });
  return file;
}
