// A dashboard replica's background runner and nothing else, for the runner fault test
// (lib/rollback/runner-fault.integration.test.ts). `next start` would run the same loop from
// instrumentation.ts (lib/background/start.ts); this starts only that loop so two replicas start in
// seconds on a loaded machine, and so the test can SIGSTOP exactly the process that runs it.
// Run with: node --conditions=react-server --import tsx test/runner/runner-process.ts <loopMs>
import { RUNNER_ID, startRunnerLoop } from "@/lib/rollback/runner";
import { installShutdownHandlers } from "@/lib/background/shutdown";

startRunnerLoop(Number(process.argv[2] ?? 5_000));
console.log(JSON.stringify({ ready: RUNNER_ID }));
// The loop's timer is unref'ed (it never keeps a server alive by itself); this process exists for it.
setInterval(() => {}, 60_000);
// SIGTERM drains as a server does (lib/background/shutdown.ts): the runner hands off its claims, then exit 0.
installShutdownHandlers();
