// `npm run sandbox [-- --policy=auto|notify] [--fast] [--port=N] [--keep] [--rebuild]`: a production to
// break on your own machine. Everything runs on loopback and stops with Ctrl-C (see sandbox/stack.ts).
import { SEED_USERS } from "../prisma/seed-users";
import { SANDBOX, SANDBOX_POLICIES, TRIGGER_PROFILES, type SandboxPolicy } from "../sandbox/config";
import { startSandbox } from "../sandbox/stack";

function parseArgs(argv: string[]) {
  const out = {
    policy: "notify" as SandboxPolicy,
    fast: false,
    port: undefined as number | undefined,
    keep: false,
    rebuild: false,
    rps: 20,
  };
  for (const a of argv) {
    const [k, v] = a.replace(/^--/, "").split("=", 2);
    if (k === "policy" && (SANDBOX_POLICIES as readonly string[]).includes(v)) out.policy = v as SandboxPolicy;
    else if (k === "fast") out.fast = true;
    else if (k === "port" && /^\d+$/.test(v ?? "")) out.port = Number(v);
    else if (k === "rps" && /^\d+$/.test(v ?? "")) out.rps = Math.min(200, Number(v));
    else if (k === "keep") out.keep = true;
    else if (k === "rebuild") out.rebuild = true;
    else if (k === "help" || k === "h") {
      console.log("npm run sandbox -- [--policy=auto|notify] [--fast] [--port=3000] [--rps=20] [--keep] [--rebuild]");
      process.exit(0);
    } else {
      console.error(`Unknown option ${a}. Try: npm run sandbox -- --help`);
      process.exit(2);
    }
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  let stop: (() => Promise<void>) | undefined;
  let exiting = false;
  const shutdown = (signal: string) => {
    if (exiting) return;
    exiting = true;
    console.log(`\n[sandbox] ${signal}: stopping everything …`);
    const hard = setTimeout(() => process.exit(1), 20_000);
    void (stop?.() ?? Promise.resolve()).finally(() => {
      clearTimeout(hard);
      process.exit(0);
    });
  };
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => shutdown(sig));
  // The embedded Postgres package exits the process on a signal once its own hook is done; the exit
  // handlers (ours and the launchers') then stop what is left synchronously.
  process.on("exit", () => exiting && console.log("[sandbox] stopped."));

  const profile = args.fast ? "fast" : "demo";
  const sb = await startSandbox({
    policy: args.policy,
    profile,
    port: args.port,
    keepData: args.keep,
    rebuild: args.rebuild,
    rps: args.rps,
  });
  stop = sb.stop;
  if (exiting) return void (await sb.stop());
  const commander = SEED_USERS.find((u) => u.role === "commander")!;
  const cfg = TRIGGER_PROFILES[profile];
  console.log(`
────────────────────────────────────────────────────────────────────────────
 Rollback Command Center — sandbox ready in ${(sb.startupMs / 1000).toFixed(1)} s

   Open      ${sb.url}/sandbox
   Sign in   ${commander.email} / ${commander.password}   (other roles: ${SEED_USERS.filter((u) => u !== commander)
     .map((u) => u.email.split("@")[0])
     .join(", ")}; password = <name>-pass)
   Policy    ${sb.policy}   (restart with --policy=${sb.policy === "auto" ? "notify" : "auto"} to try the other one)

 What to try
   1. Click "Deploy the bad version": ${SANDBOX.service} starts failing most orders and slows down.
   2. Watch the error-rate chart climb. After ${cfg.errorRate.forSec} s above ${cfg.errorRate.threshold * 100} % the trigger opens an incident.
   3. ${sb.policy === "auto" ? "Policy auto: the rollback runs by itself, then verification; the chart recovers." : 'Policy notify: open the incident, "Roll back" → "Preview plan" → type ' + SANDBOX.service + ' → "Roll back".'}
   4. Read the timeline: deploy, detection, rollback steps, verification, the rule resolving; and the rollback metrics.

 Behind it   cluster ${sb.cluster.server} (KUBECONFIG=${sb.kubeconfigPath})
             Prometheus ${sb.prometheusUrl} · demo service ${sb.demoUrl} · ${args.rps} req/s of load
             dashboard log: .data/sandbox/logs/dashboard.log
 Ctrl-C stops everything.
────────────────────────────────────────────────────────────────────────────`);
  sb.next.on("exit", (code) => {
    if (!exiting) {
      console.error(`[sandbox] the dashboard exited (${code}); stopping the rest.`);
      shutdown("dashboard exit");
    }
  });
}

main().catch((e) => {
  console.error(`[sandbox] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
