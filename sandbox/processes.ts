// Process bookkeeping for the sandbox: the dashboard runs in its own process group so one signal
// stops it and whatever it spawned; a detached guardian stops it (and Postgres and Prometheus) if
// the sandbox itself is killed without running its handlers (kill -9, a closed terminal).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";

export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

export function alive(p: ChildProcess): boolean {
  return p.exitCode === null && p.signalCode === null;
}

/** SIGTERM the group, SIGKILL after graceMs; resolves when the leader has exited. */
export async function stopGroup(p: ChildProcess, graceMs = 5_000): Promise<void> {
  if (!alive(p)) return;
  const exited = new Promise<void>((r) => p.once("exit", () => r()));
  killGroup(p.pid, "SIGTERM");
  const t = setTimeout(() => killGroup(p.pid, "SIGKILL"), graceMs);
  await exited;
  clearTimeout(t);
  killGroup(p.pid, "SIGKILL"); // stragglers in the group
}

export type GuardianTargets = {
  groups: () => (number | undefined)[];
  pids: () => (number | undefined)[];
  postmasterPidFile?: string;
  dirs?: string[];
};

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Starts (or restarts, with the current targets) a watcher of this process. */
export function startGuardian(t: GuardianTargets): ChildProcess {
  const groups = t.groups().filter(Boolean).join(" ");
  const pids = t.pids().filter(Boolean).join(" ");
  const pmFile = t.postmasterPidFile ? q(t.postmasterPidFile) : "''";
  const script = `
    parent=${process.pid}
    while kill -0 "$parent" 2>/dev/null; do sleep 1; done
    for g in ${groups}; do kill -TERM -- "-$g" 2>/dev/null; done
    for p in ${pids}; do kill -TERM "$p" 2>/dev/null; done
    if [ -n ${pmFile} ] && [ -f ${pmFile} ]; then kill -INT "$(head -n1 ${pmFile})" 2>/dev/null; fi
    sleep 3
    for g in ${groups}; do kill -KILL -- "-$g" 2>/dev/null; done
    for p in ${pids}; do kill -KILL "$p" 2>/dev/null; done
    ${(t.dirs ?? []).map((d) => `rm -rf ${q(d)}`).join("\n")}
  `;
  const g = spawn("bash", ["-c", script], { detached: true, stdio: "ignore" });
  g.unref();
  return g;
}

/** Every process below `root` (by parent pid), read from /proc. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // pid (comm) state ppid …; comm may contain spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      /* exited meanwhile */
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

export type Memory = { name: string; pid: number; rssKb: number; pssKb: number | null };

/** RSS (double-counts shared pages) and PSS (shares them out) of one process. */
export function memoryOf(pid: number): Memory | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    const name = /^Name:\s+(.*)$/m.exec(status)?.[1] ?? "?";
    let pssKb: number | null = null;
    try {
      pssKb = Number(/^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? NaN);
      if (!Number.isFinite(pssKb)) pssKb = null;
    } catch {
      /* no smaps_rollup */
    }
    return { name, pid, rssKb, pssKb };
  } catch {
    return null;
  }
}
