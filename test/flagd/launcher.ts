/**
 * Starts a real flagd (built from its Go module by ./build.sh, only when missing) for tests, with
 * one or more sync sources, and evaluates flags over its Connect/HTTP API.
 *
 *   const flagd = await startFlagd({ uris: ["core.openfeature.dev/shop/shop-flags"], kubeconfig });
 *   await flagd.resolveBoolean("new-checkout"); // { value: true, reason: "STATIC", variant: "on" }
 *   await flagd.stop();
 *
 * Sources: a file path (`/tmp/flags.json`, file sync, watched) or a FeatureFlag custom resource
 * (`core.openfeature.dev/NAMESPACE/NAME`, flagd's kubernetes sync, with KUBECONFIG=kubeconfig).
 * flagd has no bind-address option: its four listeners bind every interface, on free ports picked
 * here; only loopback is used to reach them.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

export const FLAGD_BUILD_SCRIPT = path.join(import.meta.dirname, "build.sh");

export interface Flagd {
  /** http://127.0.0.1:PORT, the evaluation service (flagd.evaluation.v1 over Connect). */
  url: string;
  managementUrl: string;
  pid: number | undefined;
  startupMs: number;
  /** The last lines flagd logged (for failure messages). */
  logs(): string;
  resolveBoolean(
    flagKey: string,
    context?: Record<string, unknown>,
  ): Promise<{ value?: boolean; reason?: string; variant?: string }>;
  stop(): Promise<void>;
}

/** The flagd binary, building it when missing (RCC_FLAGD_BIN overrides; RCC_FLAGD_NO_BUILD=1 refuses to build). */
export function ensureFlagd(): string {
  if (process.env.RCC_FLAGD_BIN) return process.env.RCC_FLAGD_BIN;
  const check = spawnSync("bash", [FLAGD_BUILD_SCRIPT, "--check"], { encoding: "utf8" });
  if (check.status === 0) return check.stdout.trim().split("\n").pop()!;
  if (process.env.RCC_FLAGD_NO_BUILD === "1")
    throw new Error(`flagd is not built. Run: bash ${path.relative(process.cwd(), FLAGD_BUILD_SCRIPT)}`);
  process.stderr.write("[flagd] binary missing: running test/flagd/build.sh (a cold build takes minutes)\n");
  const build = spawnSync("bash", [FLAGD_BUILD_SCRIPT], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (build.status !== 0) throw new Error(`test/flagd/build.sh failed with exit code ${build.status}`);
  return build.stdout.trim().split("\n").pop()!;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const live = new Set<ChildProcess>();
let hooked = false;
function hookExit() {
  if (hooked) return;
  hooked = true;
  process.once("exit", () => {
    for (const c of live) c.kill("SIGKILL");
  });
}

export async function startFlagd(opts: {
  uris: string[];
  kubeconfig?: string;
  readyTimeoutMs?: number;
}): Promise<Flagd> {
  const bin = ensureFlagd();
  const t0 = performance.now();
  const [port, mgmt, sync, ofrep] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const args = [
    "start",
    "--port",
    `${port}`,
    "--management-port",
    `${mgmt}`,
    "--sync-port",
    `${sync}`,
    "--ofrep-port",
    `${ofrep}`,
    "--log-format",
    "json",
  ];
  // flagd wants `file:` before a path.
  for (const u of opts.uris) args.push("--uri", u.startsWith("/") ? `file:${u}` : u);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: process.env.NODE_ENV };
  if (opts.kubeconfig) env.KUBECONFIG = opts.kubeconfig;
  const child = spawn(bin, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  hookExit();
  let log = "";
  const keep = (d: Buffer) => (log = (log + d.toString()).slice(-16_000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((r) => child.once("exit", () => (live.delete(child), r())));

  const url = `http://127.0.0.1:${port}`;
  const managementUrl = `http://127.0.0.1:${mgmt}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const t = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(t);
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`flagd exited (${child.exitCode ?? child.signalCode}) before ready:\n${log.slice(-3000)}`);
    try {
      if ((await fetch(`${managementUrl}/readyz`, { signal: AbortSignal.timeout(1000) })).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`flagd not ready at ${managementUrl}/readyz:\n${log.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    managementUrl,
    pid: child.pid,
    startupMs: Math.round(performance.now() - t0),
    logs: () => log,
    async resolveBoolean(flagKey, context = {}) {
      const res = await fetch(`${url}/flagd.evaluation.v1.Service/ResolveBoolean`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ flagKey, context }),
      });
      const body = (await res.json()) as { value?: boolean; reason?: string; variant?: string; message?: string };
      if (!res.ok)
        throw new Error(`flagd ResolveBoolean(${flagKey}) → ${res.status}: ${body.message ?? JSON.stringify(body)}`);
      return body;
    },
    stop,
  };
}

/** Polls `fn` until `ok(value)`, for flagd's sync delay; throws with the last value after timeoutMs. */
export async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | string = "(never answered)";
  for (;;) {
    try {
      last = await fn();
      if (ok(last)) return last;
    } catch (e) {
      last = String(e);
    }
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
