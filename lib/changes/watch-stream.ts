import "server-only";
/**
 * One list-then-watch of one kind in one namespace, as client-go's Reflector does it: resume the
 * watch from the stored resourceVersion; list (and watch from the list's resourceVersion) when
 * there is none or the apiserver answers 410 Gone (the version was compacted away); re-watch from
 * the last version seen when the server closes the watch or the connection drops; back off while
 * the apiserver is unreachable. Every object of a list and every ADDED/MODIFIED event goes to
 * `onObject`, one at a time and in order; the cursor is saved after them (and on bookmarks).
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/reflector.go (ListAndWatch, isExpiredError)
 */
import { Watch } from "@kubernetes/client-node";
import { operatorMessageOf } from "@/lib/errors";
import { k8s } from "@/lib/k8s/call";
import type { KubeClients } from "@/lib/k8s/clients";
import type { KList, ObjectMeta } from "@/lib/k8s/types";
import { releaseSelector } from "@/lib/helm/history";
import { HELM_SECRET_TYPE } from "@/lib/helm/release";
import { CHANGE_KINDS, collectionPath } from "./kinds";
import type { WatchStream } from "./streams";

export type WatchedObject = { metadata: ObjectMeta; [k: string]: unknown };

export interface StreamHandlers {
  loadCursor(): Promise<string | null>;
  saveCursor(resourceVersion: string): Promise<void>;
  onObject(obj: WatchedObject): Promise<void>;
  log(msg: string): void;
  /** Told each time the stream (re-)lists, for tests and logs. */
  onList?(reason: "no cursor" | "gone"): void;
}

/** Each watch is closed by the server after this and resumed: a stuck connection cannot last. */
const WATCH_TIMEOUT_SEC = 290;
const MAX_BACKOFF_MS = 15_000;
const CURSOR_SAVE_MS = 2_000;

class Gone extends Error {}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * What a stream lists and watches: a flag object by name; a Helm release's records by Helm's own
 * labels (owner=helm,name=<release>) and type, as `helm history` queries them; else everything.
 */
export function selectorsOf(stream: WatchStream): { fieldSelector?: string; labelSelector?: string } {
  if (!stream.name) return {};
  if (stream.kind === "HelmRelease")
    return { labelSelector: releaseSelector(stream.name), fieldSelector: `type=${HELM_SECRET_TYPE}` };
  return { fieldSelector: `metadata.name=${stream.name}` };
}

async function list(kube: KubeClients, stream: WatchStream, signal: AbortSignal) {
  const { group, version, plural } = CHANGE_KINDS[stream.kind];
  const { fieldSelector, labelSelector } = selectorsOf(stream);
  const core = { namespace: stream.namespace, fieldSelector, labelSelector, limit: 500 };
  const items: WatchedObject[] = [];
  let cont: string | undefined;
  let resourceVersion = "";
  do {
    const page = (await k8s({ kube, signal }, `list ${plural} in namespace "${stream.namespace}"`, () =>
      group
        ? kube.custom.listNamespacedCustomObject({
            group,
            version,
            namespace: stream.namespace,
            plural,
            fieldSelector,
            labelSelector,
            limit: 500,
            _continue: cont,
          })
        : plural === "secrets"
          ? kube.core.listNamespacedSecret({ ...core, _continue: cont })
          : kube.core.listNamespacedConfigMap({ ...core, _continue: cont }),
    )) as KList<WatchedObject>;
    items.push(...page.items);
    resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return { items, resourceVersion };
}

/** One watch until the server closes it: resolves with the last resourceVersion; throws Gone on 410. */
function watchOnce(
  kube: KubeClients,
  stream: WatchStream,
  from: string,
  h: StreamHandlers,
  signal: AbortSignal,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let rv = from;
    let saved = from;
    let savedAt = Date.now();
    // A save per event would write on every status update of every ReplicaSet: a lagging cursor
    // only replays events, which the change key makes no-ops.
    const save = async (force = false) => {
      if (rv === saved || (!force && Date.now() - savedAt < CURSOR_SAVE_MS)) return;
      await h.saveCursor(rv);
      ((saved = rv), (savedAt = Date.now()));
    };
    let chain = Promise.resolve();
    let failed: Error | null = null;
    let controller: AbortController | undefined;
    const onAbort = () => controller?.abort();
    signal.addEventListener("abort", onAbort, { once: true });
    const step = (fn: () => Promise<void>) => {
      chain = chain.then(async () => {
        if (failed) return;
        try {
          await fn();
        } catch (e) {
          failed = e as Error;
          controller?.abort();
        }
      });
    };
    const query: Record<string, string | number | boolean | undefined> = {
      resourceVersion: from,
      allowWatchBookmarks: true,
      timeoutSeconds: WATCH_TIMEOUT_SEC,
      ...selectorsOf(stream),
    };
    new Watch(kube.kc)
      .watch(
        collectionPath(stream.kind, stream.namespace),
        query,
        (type: string, obj: WatchedObject & { code?: number }) => {
          if (type === "ERROR") {
            // A watch from a compacted version: 410 Gone as an event of the 200 response.
            step(async () => {
              throw obj?.code === 410 ? new Gone("410 Gone") : new Error(`watch error ${obj?.code ?? ""}`.trim());
            });
            return;
          }
          const next = obj?.metadata?.resourceVersion;
          if (type === "BOOKMARK") step(async () => (next ? ((rv = next), await save(true)) : undefined));
          else if (type === "ADDED" || type === "MODIFIED")
            step(async () => {
              await h.onObject(obj);
              if (next) ((rv = next), await save());
            });
          else if (next) step(async () => void (rv = next));
        },
        (err: (Error & { statusCode?: number }) | null) => {
          signal.removeEventListener("abort", onAbort);
          void chain.then(async () => {
            if (!failed) await save(true).catch((e: Error) => (failed = e));
            if (failed) reject(failed);
            else if (err?.statusCode === 410) reject(new Gone("410 Gone"));
            else if (err && !signal.aborted && err.name !== "AbortError") reject(err);
            else resolve(rv);
          });
        },
      )
      .then((c) => {
        controller = c;
        if (signal.aborted) c.abort();
      })
      .catch(reject);
  });
}

/** Runs until `signal` aborts. Errors are logged and retried with backoff, never thrown. */
export async function runStream(
  kube: KubeClients,
  stream: WatchStream,
  h: StreamHandlers,
  signal: AbortSignal,
): Promise<void> {
  let rv: string | null = null;
  let loaded = false;
  let backoff = 500;
  let reason: "no cursor" | "gone" = "no cursor";
  while (!signal.aborted) {
    try {
      if (!loaded) ((rv = await h.loadCursor()), (loaded = true));
      if (!rv) {
        h.onList?.(reason);
        const listed = await list(kube, stream, signal);
        for (const obj of listed.items) await h.onObject(obj);
        rv = listed.resourceVersion;
        await h.saveCursor(rv);
      }
      const started = Date.now();
      rv = await watchOnce(kube, stream, rv, h, signal);
      backoff = 500;
      // A server that closes every watch at once must not make this a busy loop.
      if (Date.now() - started < 1_000) await sleep(1_000, signal);
    } catch (e) {
      if (signal.aborted) break;
      if (e instanceof Gone) {
        h.log(`[changes] ${stream.key}: resourceVersion ${rv} is gone (410): listing again`);
        rv = null;
        reason = "gone";
        continue;
      }
      h.log(`[changes] ${stream.key}: ${operatorMessageOf(e)}; retrying in ${backoff} ms`);
      await sleep(backoff, signal);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }
}
