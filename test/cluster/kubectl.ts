/** Runs the real kubectl against a kubeconfig; resolves with stdout, rejects with stderr. */
import { spawn } from "node:child_process";

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

export function kubectlRaw(kubeconfig: string, args: string[], input?: string): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const p = spawn("kubectl", [`--kubeconfig=${kubeconfig}`, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("error", reject);
    p.on("close", (code) => resolve({ stdout, stderr, code: code ?? -1 }));
    p.stdin.end(input ?? "");
  });
}

export async function kubectl(kubeconfig: string, args: string[], input?: string): Promise<string> {
  const r = await kubectlRaw(kubeconfig, args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")} exited ${r.code}: ${r.stderr.trim()}`);
  return r.stdout;
}

export async function kubectlJson<T = any>(kubeconfig: string, args: string[], input?: string): Promise<T> {
  return JSON.parse(await kubectl(kubeconfig, [...args, "-o", "json"], input)) as T;
}
