import "server-only";
/**
 * Annotated workloads become services without a click: the leader replica discovers every context
 * of the kubeconfig every RCC_DISCOVERY_INTERVAL_MS and applies the annotation proposals to the
 * catalog (managedBy "annotation"; services the file, the editor or the sandbox manage are never
 * overwritten, see apply-annotated-services.ts). The admin's "Create them now" runs the same sync.
 */
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { operatorMessageOf } from "@/lib/errors";
import { createLeadership } from "@/lib/prometheus/leader";
import { applyAnnotatedServices, type AnnotatedServicesResult } from "@/lib/services/catalog/apply-annotated-services";
import type { CatalogActor } from "@/lib/services/catalog/write-service";
import { annotatedServices } from "./annotated-services";
import { discoverAll, type DiscoverOptions } from "./discover-workloads";

export const ANNOTATION_SYNC_LOCK: readonly [number, number] = [0x52434321, 3];

/** One pass: discover, read the annotations, write what they describe. */
export async function syncAnnotatedServices(
  opts: DiscoverOptions & { contexts?: readonly string[]; actor?: CatalogActor } = {},
): Promise<AnnotatedServicesResult> {
  const found = annotatedServices(await discoverAll(opts));
  return applyAnnotatedServices(db, found.services, { actor: opts.actor });
}

const g = globalThis as unknown as { rccAnnotationSync?: { stop(): Promise<void> } };

/** From lib/background/start.ts. */
export function startAnnotationSync(log: (msg: string) => void = (m) => console.warn(m)) {
  if (g.rccAnnotationSync) return g.rccAnnotationSync;
  const e = env();
  if (!e.DATABASE_URL) return null;
  const leadership = createLeadership({
    databaseUrl: e.DATABASE_URL,
    instanceId: randomBytes(4).toString("hex"),
    lockKey: ANNOTATION_SYNC_LOCK,
    log,
  });
  let running = false;
  const tick = async () => {
    if (running) return; // a slow cluster never stacks passes
    running = true;
    try {
      if (!(await leadership.acquire())) return;
      const r = await syncAnnotatedServices();
      const changed = r.created.length + r.updated.length;
      if (changed || r.invalid.length)
        log(
          `[discovery] annotations: ${r.created.length} created, ${r.updated.length} updated, ${r.invalid.length} invalid`,
        );
    } catch (err) {
      log(`[discovery] annotation sync failed: ${operatorMessageOf(err)}`);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), e.RCC_DISCOVERY_INTERVAL_MS);
  timer.unref?.();
  g.rccAnnotationSync = {
    async stop() {
      clearInterval(timer);
      await leadership.release();
      g.rccAnnotationSync = undefined;
    },
  };
  return g.rccAnnotationSync;
}
