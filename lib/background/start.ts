import "server-only";
// Background work of an app replica. Each piece is safe with several replicas running: the runner
// claims rollbacks with a heartbeat, the trigger watcher is leader-elected through an advisory
// lock, and team notifications are sent once per event by a database key.
import { startRunnerLoop } from "@/lib/rollback/runner";
import { startTeamNotifier } from "@/lib/comms/team-notify";
import { startTriggerWatcher } from "@/lib/background/trigger-watcher";

export async function startBackground() {
  startRunnerLoop();
  startTeamNotifier();
  await startTriggerWatcher();
}
