/**
 * The real helm (built from its Go module by ./build.sh, only when missing) for the chart's tests.
 *
 *   const out = await helm(["template", "rcc", CHART_DIR, "--set", "database.url=…"]);
 */
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";

export const HELM_BUILD_SCRIPT = path.join(import.meta.dirname, "build.sh");
export const CHART_DIR = path.join(import.meta.dirname, "../../charts/rollback-command-center");

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
