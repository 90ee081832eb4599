// Starts the machine's Prometheus (Debian's package, /usr/bin/prometheus) on a free loopback port with
// a config and TSDB in a temp dir, scraping the given targets every second. Cleans up on stop() and
// when the process exits or is interrupted.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? "/usr/bin/prometheus";

export type PrometheusOptions = {
  /** host:port of each target, e.g. "127.0.0.1:9100". */
  scrapeTargets: string[];
  scrapeIntervalSec?: number;
  jobName?: string;
  readyTimeoutMs?: number;
};

export type PrometheusHandle = {
  url: string;
  port: number;
  dir: string;
  startupMs: number;
  /** The running process' pid (changes on restart()). */
  pid(): number | undefined;
  /** Stops the process, keeping its data; restart() brings it back on the same port. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the process and removes its temp dir. */
  stop(): Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function configYaml(o: Required<Omit<PrometheusOptions, "readyTimeoutMs">>): string {
  const iv = `${o.scrapeIntervalSec}s`;
  // scrape_timeout may not exceed the interval (Prometheus refuses the config otherwise).
  return [
    "global:",
    `  scrape_interval: ${iv}`,
    `  scrape_timeout: ${iv}`,
    `  evaluation_interval: ${iv}`,
    "scrape_configs:",
    `  - job_name: ${JSON.stringify(o.jobName)}`,
    "    static_configs:",
    `      - targets: ${JSON.stringify(o.scrapeTargets)}`,
    "",
  ].join("\n");
}

const live = new Set<() => void>();
let hooked = false;
function hookProcessExit() {
  if (hooked) return;
  hooked = true;
  const cleanAll = () => {
    for (const c of [...live]) c();
  };
  process.once("exit", cleanAll);
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => {
      cleanAll();
      // Re-raise only if nobody else handles it; otherwise leave the exit to them (e.g. vitest).
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    });
  }
}

async function waitReady(url: string, child: ChildProcess, stderr: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `prometheus exited (${child.exitCode ?? child.signalCode}) before ready:\n${stderr().slice(-2000)}`,
      );
    }
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`prometheus not ready at ${url} after ${timeoutMs} ms:\n${stderr().slice(-2000)}`);
}

export async function startPrometheus(opts: PrometheusOptions): Promise<PrometheusHandle> {
  if (!existsSync(PROMETHEUS_BIN)) {
    throw new Error(
      `Prometheus is not installed at ${PROMETHEUS_BIN}. The test command installs it with ` +
        "`apt-get install -y prometheus` (Debian's package); or set PROMETHEUS_BIN to a build of github.com/prometheus/prometheus.",
    );
  }
  const t0 = performance.now();
  const dir = mkdtempSync(path.join(os.tmpdir(), "rcc-prometheus-"));
  const cfg = {
    scrapeTargets: opts.scrapeTargets,
    scrapeIntervalSec: opts.scrapeIntervalSec ?? 1,
    jobName: opts.jobName ?? "rcc-test",
  };
  writeFileSync(path.join(dir, "prometheus.yml"), configYaml(cfg));
  let child: ChildProcess | undefined;
  let port = 0;
  let url = "";

  const killSync = () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  const cleanup = () => {
    killSync();
    rmSync(dir, { recursive: true, force: true });
    live.delete(cleanup);
  };
  live.add(cleanup);
  hookProcessExit();

  async function spawnOnce(): Promise<void> {
    let err = "";
    const c = spawn(
      PROMETHEUS_BIN,
      [
        `--config.file=${path.join(dir, "prometheus.yml")}`,
        `--storage.tsdb.path=${path.join(dir, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
        "--storage.tsdb.retention.time=2h",
        "--log.level=warn",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    child = c;
    c.stderr!.on("data", (d) => (err = (err + d).slice(-8000)));
    await waitReady(url, c, () => err, opts.readyTimeoutMs ?? 20_000);
  }

  async function kill(): Promise<void> {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill("SIGTERM");
    const t = setTimeout(() => c.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(t);
  }

  // The free port can be taken between probing and binding; try a few.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    try {
      await spawnOnce();
      break;
    } catch (e) {
      await kill();
      if (attempt >= 3) {
        cleanup();
        throw e;
      }
    }
  }

  return {
    url,
    port,
    dir,
    startupMs: Math.round(performance.now() - t0),
    pid: () => child?.pid,
    kill,
    restart: async () => {
      await kill();
      await spawnOnce();
    },
    stop: async () => {
      await kill();
      cleanup();
    },
  };
}
