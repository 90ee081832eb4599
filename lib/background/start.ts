import "server-only";
// Background work of an app replica. Each piece is safe with several replicas running: the runner
// claims rollbacks with a heartbeat, the trigger watcher is leader-elected through an advisory
// lock, and team notifications are sent once per event by a database key; stale deliveries are
// re-claimed under a lease conditional on the previous one. The catalog file watcher
// validates on every replica and applies on the leader (advisory lock too).
import { startRunnerLoop } from "@/lib/rollback/runner";
import { startTeamNotifier } from "@/lib/comms/team-notify";
import { startDeliverySweeper } from "@/lib/comms/sweep-deliveries";
import { startTriggerWatcher } from "@/lib/background/trigger-watcher";
import { startArtifactSweeper } from "@/lib/rollback/sweep-artifacts";
import { startCatalogFileWatcher } from "@/lib/services/catalog/watch-catalog-file";
import { startAnnotationSync } from "@/lib/services/discovery/sync-annotated-services";
import { onShutdown } from "@/lib/background/shutdown";
import { startChangeRecorderInBackground } from "@/lib/background/change-recorder";

export async function startBackground() {
  // SIGTERM drains (instrumentation.ts installs it): the runner hands off, then each loop below stops.
  // The catalog first: the other loops read the services it applies.
  onShutdown("catalog watcher", startCatalogFileWatcher()?.stop);
  // Annotated workloads become services without a click (leader only).
  onShutdown("annotation sync", startAnnotationSync()?.stop);
  startRunnerLoop();
  onShutdown("team notifier", startTeamNotifier());
  // Webhook and notice deliveries whose sender stopped mid-way: re-claimed once their lease ran out.
  onShutdown("delivery sweeper", startDeliverySweeper());
  // Captured artifacts past RCC_ARTIFACT_RETENTION_DAYS are deleted (on every replica: idempotent).
  onShutdown("artifact sweeper", startArtifactSweeper());
  onShutdown("trigger watcher", (await startTriggerWatcher())?.stop);
  // What changed on each service's cluster objects (leader only; off without a cluster).
  onShutdown("change recorder", startChangeRecorderInBackground()?.stop);
}
