import "server-only";
/**
 * A release's history, read the way Helm's Secrets driver reads it (Storage.History → Query):
 * the Secrets of the release's namespace labelled `owner=helm,name=<release>`, decoded. Nothing
 * else is read: no other namespace, no Secret without Helm's labels.
 * @see https://github.com/helm/helm/blob/main/pkg/storage/driver/secrets.go (Query)
 */
import { k8s, type CallContext } from "@/lib/k8s/call";
import { HELM_SECRET_TYPE, decodeReleaseSecret, sortByRevision, type HelmRevision } from "./release";

/** The label selector Helm queries a release's records with. */
export const releaseSelector = (release: string) => `owner=helm,name=${release}`;

export async function readReleaseHistory(
  ctx: CallContext,
  namespace: string,
  release: string,
): Promise<HelmRevision[]> {
  const list = await k8s(ctx, `list the Helm release records of "${namespace}/${release}"`, () =>
    ctx.kube.core.listNamespacedSecret({ namespace, labelSelector: releaseSelector(release) }),
  );
  return sortByRevision(list.items.filter((s) => s.type === HELM_SECRET_TYPE).map((s) => decodeReleaseSecret(s)));
}
