/**
 * Benchmark of the test control plane (test/cluster): cold build time, warm start-to-ready time,
 * and resident memory of the control-plane processes.
 *
 *   npx tsx bench/cluster-start.ts              # build time from the build stamp; 3 warm starts
 *   npx tsx bench/cluster-start.ts --runs=5
 *   npx tsx bench/cluster-start.ts --cold       # also time a truly cold build.sh (empty Go build
 *                                               # cache and output dir; modules stay downloaded)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BUILD_SCRIPT, ensureBuilt, startCluster } from "../test/cluster/launcher";

const args = process.argv.slice(2);
const runs = Number(args.find((a) => a.startsWith("--runs="))?.split("=")[1] ?? 3);
const cold = args.includes("--cold");

function rssKiB(pid: number): number {
  try {
    const m = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+)\s+kB/m);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}
const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (cold) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "rcc-cold-build-"));
  console.log(`cold build into ${tmp} (GOCACHE and RCC_CACHE_DIR empty)...`);
  const t0 = Date.now();
  const r = spawnSync("bash", [BUILD_SCRIPT], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, RCC_CACHE_DIR: path.join(tmp, "cache"), GOCACHE: path.join(tmp, "gocache") },
  });
  const secs = (Date.now() - t0) / 1000;
  rmSync(tmp, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`cold build failed (${r.status})`);
  console.log(`cold build (measured now): ${secs.toFixed(0)} s`);
}

const dir = ensureBuilt();
const stamp = readFileSync(path.join(dir, ".stamp"), "utf8");
const buildSeconds = stamp.match(/^build_seconds: (\d+)/m)?.[1];
console.log(`build dir: ${dir}`);
console.log(`cold build (from stamp, ${stamp.match(/^built: (.*)$/m)?.[1]}): ${buildSeconds} s`);
for (const line of stamp.split("\n").filter((l) => /^[a-z-]+: \d+s$/.test(l))) console.log(`  ${line}`);

const starts: number[] = [];
for (let i = 0; i < runs; i++) {
  const c = await startCluster({ name: `bench-${i}` });
  starts.push(c.startupMs);
  const line = `start ${i + 1}/${runs}: ${c.version} ready in ${c.startupMs} ms (${Object.entries(c.phases)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ")})`;
  if (i === runs - 1) {
    // Memory once ready, and again after a few seconds of idling (controllers settled).
    const sample = () => c.processes.map((p) => ({ ...p, rss: rssKiB(p.pid) }));
    const atReady = sample();
    await new Promise((r) => setTimeout(r, 10_000));
    const settled = sample();
    console.log(line);
    console.log("memory (VmRSS)      at ready   after 10 s");
    for (let j = 0; j < atReady.length; j++) {
      console.log(
        `  ${atReady[j].name.padEnd(24)} ${mib(atReady[j].rss).padStart(8)}   ${mib(settled[j].rss).padStart(8)}`,
      );
    }
    const sum = (xs: { rss: number }[]) => xs.reduce((a, x) => a + x.rss, 0);
    console.log(`  ${"total".padEnd(24)} ${mib(sum(atReady)).padStart(8)}   ${mib(sum(settled)).padStart(8)}`);
  } else {
    console.log(line);
  }
  await c.stop();
}
console.log(
  `warm start to ready: median ${median(starts)} ms, min ${Math.min(...starts)} ms, max ${Math.max(...starts)} ms (${runs} runs)`,
);
