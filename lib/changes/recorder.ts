import "server-only";
/**
 * The change recorder: on the one replica holding its advisory lock, a list-then-watch per
 * configured namespace and kind (./streams.ts, ./watch-stream.ts) turns what the cluster reports
 * into ChangeEvent rows (./extract.ts), once each. The services are re-read every `refreshMs`, so
 * a service added or edited is watched without a restart; a replica that loses the lock stops its
 * watches, and the next leader resumes them from the stored cursors.
 */
import { db } from "@/lib/db";
import { operatorMessageOf } from "@/lib/errors";
import { k8s } from "@/lib/k8s/call";
import { serviceKubeClients, type KubeClients } from "@/lib/k8s/clients";
import type { ControllerRevision, ObjectMeta, ReplicaSet } from "@/lib/k8s/types";
import { createLeadership } from "@/lib/prometheus/leader";
import {
  controllerRevisionChange,
  flagChange,
  helmReleaseChange,
  latestWrite,
  replicaSetChange,
  type ChangeDraft,
} from "./extract";
import { planStreams, type StreamService, type WatchStream } from "./streams";
import {
  insertChange,
  isRecorded,
  lastFlagSnapshot,
  loadCursor,
  matchRollback,
  refreshChange,
  saveCursor,
} from "./store";
import { runStream, type WatchedObject } from "./watch-stream";

/** ("RCC!", 4): the trigger watcher holds 1, the catalog file watcher 2, the annotation sync 3. */
export const CHANGE_RECORDER_LOCK: readonly [number, number] = [0x52434321, 4];

/** A workload's own latest writer is worth asking for only while the change is fresh. */
const ACTOR_WINDOW_MS = 120_000;
const SEEN_LIMIT = 20_000;

export interface ChangeRecorderOptions {
  databaseUrl: string;
  instanceId: string;
  /** How often leadership is retried and the services re-read. */
  refreshMs?: number;
  log?: (msg: string) => void;
  /** The clients for a service's clusterContext (default: serviceKubeClients). */
  kube?: (clusterContext: string) => KubeClients;
  /** Only these services (tests share one database); default: every service. */
  serviceIds?: string[];
  /** Told when a stream lists (first start without a cursor, or after 410 Gone). */
  onList?: (streamKey: string, reason: "no cursor" | "gone") => void;
}

export interface ChangeRecorder {
  isLeader(): boolean;
  /** The cursor keys of the running watches. */
  streams(): string[];
  /** One pass now (leadership, services, watches); the timer does the same. */
  refresh(): Promise<void>;
  stop(): Promise<void>;
}

type Running = { stream: WatchStream; signature: string; abort: AbortController; done: Promise<void> };

export function startChangeRecorder(opts: ChangeRecorderOptions): ChangeRecorder {
  const log = opts.log ?? ((m: string) => console.warn(m));
  const kubeFor = opts.kube ?? ((clusterContext: string) => serviceKubeClients({ clusterContext }));
  const leadership = createLeadership({
    databaseUrl: opts.databaseUrl,
    instanceId: opts.instanceId,
    lockKey: CHANGE_RECORDER_LOCK,
    log,
  });
  const running = new Map<string, Running>();
  const seen = new Set<string>();
  const reported = new Set<string>();
  let stopped = false;
  let pass: Promise<void> | null = null;

  const leaderClient = async () => {
    const c = leadership.isLeader() ? await leadership.acquire() : null;
    if (!c) throw new Error("no longer the change recorder's leader");
    return c;
  };

  async function actorOf(kube: KubeClients, d: ChangeDraft): Promise<string | null> {
    if (d.actor || Date.now() - d.occurredAt.getTime() > ACTOR_WINDOW_MS) return d.actor;
    if (!["Deployment", "StatefulSet", "DaemonSet"].includes(d.workloadKind)) return null;
    const plural = `${d.workloadKind.toLowerCase()}s`;
    try {
      const w = (await k8s({ kube }, `read ${d.workloadKind} "${d.namespace}/${d.workloadName}"`, () =>
        kube.custom.getNamespacedCustomObject({
          group: "apps",
          version: "v1",
          namespace: d.namespace,
          plural,
          name: d.workloadName,
        }),
      )) as { metadata: ObjectMeta };
      // The controller re-writes the workload (revision annotation); the person's tool wrote before it.
      return latestWrite(w.metadata, ["kube-controller-manager"])?.manager ?? null;
    } catch {
      return null;
    }
  }

  async function draftFor(stream: WatchStream, svc: StreamService, obj: WatchedObject): Promise<ChangeDraft | null> {
    switch (stream.kind) {
      case "ReplicaSet":
        return replicaSetChange(obj as unknown as ReplicaSet, svc.deployments);
      case "ControllerRevision":
        return controllerRevisionChange(obj as unknown as ControllerRevision, svc);
      case "FeatureFlag":
      case "ConfigMap": {
        if (obj.metadata.name !== stream.name) return null;
        const previous = await lastFlagSnapshot(svc.id, stream.kind, stream.namespace, obj.metadata.name);
        return flagChange(stream.kind, obj, { configMapKey: svc.configMapKey, previous });
      }
      case "HelmRelease":
        return stream.name ? helmReleaseChange(obj, [stream.name]) : null;
    }
  }

  async function onObject(kube: KubeClients, stream: WatchStream, obj: WatchedObject) {
    for (const svc of stream.services) {
      const uid = obj.metadata.uid ?? "";
      // Status updates re-send the same revision: decide from memory before any query.
      const quick = `${svc.id}\u0000${stream.kind}\u0000${uid}\u0000${obj.metadata.resourceVersion}`;
      if (seen.has(quick)) continue;
      const draft = await draftFor(stream, svc, obj);
      const key = draft && `${svc.id}\u0000${draft.sourceKind}\u0000${uid}\u0000${draft.revision}`;
      if (draft && key) {
        const ident = { serviceId: svc.id, ...draft };
        if (!seen.has(key) && !(await isRecorded(ident))) {
          const rollback = await matchRollback(svc.id, draft);
          const actor = rollback ? `${rollback.requestedBy} (Rollback Command Center)` : await actorOf(kube, draft);
          const recorded = await insertChange(await leaderClient(), {
            ...ident,
            actor,
            context: stream.context,
            fromDashboard: rollback !== null,
            rollbackId: rollback?.id ?? null,
          });
          if (recorded) log(`[changes] recorded ${draft.summary}${rollback ? " (a rollback of this dashboard)" : ""}`);
        } else if (draft.sourceKind === "HelmRelease") {
          // Helm rewrites a revision's record as it moves on: the same change, its status kept current.
          await refreshChange(await leaderClient(), ident);
        }
        seen.add(key);
      }
      if (seen.size > SEEN_LIMIT) seen.clear();
      seen.add(quick);
    }
  }

  function start(stream: WatchStream, signature: string) {
    let kube: KubeClients;
    try {
      kube = kubeFor(stream.context);
    } catch (e) {
      const msg = `[changes] not watching ${stream.key}: ${operatorMessageOf(e)}`;
      if (!reported.has(msg)) (reported.add(msg), log(msg));
      return;
    }
    const abort = new AbortController();
    const done = runStream(
      kube,
      stream,
      {
        loadCursor: () => loadCursor(stream.key),
        saveCursor: async (rv) => saveCursor(await leaderClient(), stream.key, rv),
        onObject: (obj) => onObject(kube, stream, obj),
        onList: (reason) => opts.onList?.(stream.key, reason),
        log,
      },
      abort.signal,
    );
    running.set(stream.key, { stream, signature, abort, done });
  }

  async function stopStreams(keys: string[]) {
    const stopping = keys.flatMap((k) => {
      const r = running.get(k);
      running.delete(k);
      return r ? [(r.abort.abort(), r.done)] : [];
    });
    await Promise.allSettled(stopping);
  }

  async function tick() {
    if (stopped) return;
    const client = await leadership.acquire();
    if (!client) return stopStreams([...running.keys()]);
    const services = await db.service.findMany({
      where: opts.serviceIds ? { id: { in: opts.serviceIds } } : undefined,
      select: {
        id: true,
        clusterContext: true,
        namespace: true,
        deployments: true,
        statefulSets: true,
        daemonSets: true,
        strategyConfig: true,
      },
    });
    const planned = new Map(planStreams(services).map((s) => [s.key, s]));
    const signature = (s: WatchStream) => JSON.stringify(s.services);
    await stopStreams(
      [...running.values()]
        .filter((r) => planned.get(r.stream.key) === undefined || signature(planned.get(r.stream.key)!) !== r.signature)
        .map((r) => r.stream.key),
    );
    if (stopped) return;
    for (const s of planned.values()) if (!running.has(s.key)) start(s, signature(s));
  }

  const refresh = () =>
    (pass ??= tick()
      .catch((e) => log(`[changes] recorder pass failed: ${operatorMessageOf(e)}`))
      .finally(() => (pass = null)));

  void refresh();
  const timer = setInterval(() => void refresh(), opts.refreshMs ?? 15_000);
  timer.unref?.();

  return {
    isLeader: () => leadership.isLeader(),
    streams: () => [...running.keys()].sort(),
    refresh,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await pass;
      await stopStreams([...running.keys()]);
      await leadership.release();
    },
  };
}
