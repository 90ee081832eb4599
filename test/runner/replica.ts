// Starts test/runner/runner-process.ts as a real process (a replica's runner loop only), for the
// runner's multi-replica tests. node itself, not the npx/tsx wrapper: a signal reaches the loop.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export type Replica = { child: ChildProcess; id: string; log: () => string; exited: Promise<number | null> };

export function startReplica(env: Record<string, string>, loopMs = 300): Promise<Replica> {
  const root = path.resolve(import.meta.dirname, "../..");
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "test/runner/runner-process.ts", String(loopMs)],
    { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica did not start:\n${out}`)), 60_000);
    void exited.then((code) => reject(new Error(`replica exited (${code}):\n${out}`)));
    child.stdout!.on("data", () => {
      const m = /\{"ready":"([^"]+)"\}/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, id: m[1], log: () => out, exited });
      }
    });
  });
}

export async function until<T>(fn: () => Promise<T | undefined | null | false>, ms = 30_000, what = "it"): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
