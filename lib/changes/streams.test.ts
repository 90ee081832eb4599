import { describe, expect, it } from "vitest";
import { helmReleasesIn, planStreams, streamKey, type WatchedService } from "./streams";
import { selectorsOf } from "./watch-stream";

const svc = (over: Partial<WatchedService>): WatchedService => ({
  id: "shop",
  clusterContext: "default",
  namespace: "shop",
  deployments: [],
  statefulSets: [],
  daemonSets: [],
  strategyConfig: {},
  ...over,
});

describe("the Helm release watches", () => {
  it("watches each listed release in the service's namespace, one stream per release, shared by services", () => {
    const streams = planStreams([
      svc({ strategyConfig: { helmReleases: ["web", "api"] } }),
      svc({ id: "billing", strategyConfig: { helmReleases: ["web"] } }),
      svc({ id: "other", namespace: "other", deployments: ["x"] }),
    ]);
    const helm = streams.filter((s) => s.kind === "HelmRelease");
    expect(helm.map((s) => [s.key, s.namespace, s.name, s.services.map((x) => x.id)])).toEqual([
      ["default/shop/secrets/api", "shop", "api", ["shop"]],
      ["default/shop/secrets/web", "shop", "web", ["shop", "billing"]],
    ]);
    expect(streamKey("default", "shop", "HelmRelease", "web")).toBe("default/shop/secrets/web");
  });

  it("watches no Secret for a service without Helm releases, and skips names helm would refuse", () => {
    expect(planStreams([svc({ deployments: ["web"] })]).some((s) => s.kind === "HelmRelease")).toBe(false);
    expect(helmReleasesIn({ helmReleases: ["web", "Bad_Name", 3, "web", "a,b", "x in (y)"] })).toEqual(["web"]);
    expect(helmReleasesIn({ helmReleases: "web" })).toEqual([]);
    expect(helmReleasesIn(null)).toEqual([]);
  });

  it("lists and watches only the release's own records, by Helm's labels and type", () => {
    const [stream] = planStreams([svc({ strategyConfig: { helmReleases: ["web"] } })]);
    expect(selectorsOf(stream)).toEqual({
      labelSelector: "owner=helm,name=web",
      fieldSelector: "type=helm.sh/release.v1",
    });
    const [flag] = planStreams([svc({ strategyConfig: { flags: { source: "configmap", name: "flags" } } })]);
    expect(selectorsOf(flag)).toEqual({ fieldSelector: "metadata.name=flags" });
    expect(selectorsOf(planStreams([svc({ deployments: ["web"] })])[0])).toEqual({});
  });
});
