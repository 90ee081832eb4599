import "server-only";
// Background work of an app replica: resume rollbacks whose runner died, and (where Prometheus
// is configured) evaluate trigger rules. Each piece is safe with several replicas running.
import { startRunnerLoop } from "@/lib/rollback/runner";

export async function startBackground() {
  startRunnerLoop();
}
