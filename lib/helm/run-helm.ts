import "server-only";
/**
 * Runs the real helm binary (RCC_HELM_BIN, else `helm` on PATH) with private helm state dirs and
 * discovery cache, a kubeconfig the caller wrote, and nothing else of the server's environment but
 * PATH and HOME (no database URL, no secrets). Every output line is handed to `onLine` as it comes, after redaction; the
 * process is killed when the signal fires.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { abortReason } from "@/lib/k8s/abort";
import { redactValue } from "@/lib/rollback/redact";

export const helmBinary = () => process.env.RCC_HELM_BIN || "helm";

export interface HelmRun {
  code: number;
  lines: string[];
  /** helm's own `Error: …` line (without the prefix), when it printed one. */
  error?: string;
}

/**
 * A helm log line in words: helm 4 logs through slog's text handler (`level=DEBUG msg="waiting for
 * resource" name=web kind=Deployment …`, no time); the level and quotes go, the attributes stay.
 * @see https://github.com/helm/helm/blob/main/internal/logging/logging.go
 */
export function readableLine(line: string): string {
  const m = /^level=(\w+) msg=("(?:[^"\\]|\\.)*"|\S+)(.*)$/.exec(line.trim());
  if (!m) return line.trim();
  const [, level, msg, rest] = m;
  const text = msg.startsWith('"') ? (JSON.parse(msg) as string) : msg;
  return `${level === "DEBUG" || level === "INFO" ? "" : `${level}: `}${text}${rest}`;
}

/** The redacted form of a line that may quote a value (env, URL credentials, secret-looking args). */
const safe = (line: string) => redactValue(line, ["helm"]);

export async function runHelm(
  args: string[],
  opts: { kubeconfig: string; home: string; signal?: AbortSignal; onLine?: (line: string) => void | Promise<void> },
): Promise<HelmRun> {
  const env = {
    NODE_ENV: process.env.NODE_ENV,
    PATH: process.env.PATH,
    // The server's HOME, for a kubeconfig exec plugin's own files (~/.aws, gcloud's config).
    HOME: process.env.HOME ?? opts.home,
    HELM_CACHE_HOME: path.join(opts.home, "cache"),
    HELM_CONFIG_HOME: path.join(opts.home, "config"),
    HELM_DATA_HOME: path.join(opts.home, "data"),
    // A fresh discovery cache every run (client-go's default is ~/.kube/cache): a CRD removed since
    // the last run is seen as removed, as a first helm run on a new machine sees it.
    KUBECACHEDIR: path.join(opts.home, "kube-cache"),
    KUBECONFIG: opts.kubeconfig,
  };
  if (opts.signal?.aborted) throw abortReason(opts.signal);
  const child = spawn(helmBinary(), args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  let error: string | undefined;
  // Lines are reported in order, one at a time (the reporter writes each to the timeline).
  let chain: Promise<void> = Promise.resolve();
  let last = "";
  const take = (stream: NodeJS.ReadableStream) => {
    let buf = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      buf += chunk;
      const parts = buf.split("\n");
      buf = parts.pop() ?? "";
      for (const p of parts) push(p);
    });
    stream.on("end", () => buf && push(buf));
  };
  const push = (raw: string) => {
    if (!raw.trim()) return;
    const line = safe(readableLine(raw));
    if (line.startsWith("Error: ")) error = line.slice("Error: ".length);
    lines.push(line);
    if (line === last) return; // the watcher repeats "waiting for resource" on every event
    last = line;
    if (opts.onLine) chain = chain.then(() => opts.onLine!(line)).catch(() => {});
  };
  take(child.stdout!);
  take(child.stderr!);
  const onAbort = () => child.kill("SIGTERM");
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const code = await new Promise<number>((resolve, reject) => {
      child.on("error", (e: NodeJS.ErrnoException) =>
        reject(
          new AppError(
            "unavailable",
            e.code === "ENOENT"
              ? `the helm binary "${helmBinary()}" was not found (install helm on the server's PATH, or set RCC_HELM_BIN)`
              : `helm could not be started (${e.code ?? e.message})`,
          ),
        ),
      );
      child.on("close", (c, sig) => resolve(c ?? (sig ? 128 : -1)));
    });
    await chain;
    if (opts.signal?.aborted) throw abortReason(opts.signal);
    return { code, lines, error };
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
  }
}
