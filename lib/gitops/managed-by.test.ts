import { describe, expect, it } from "vitest";
import { managedByOf, managedByWarning, parseTrackingId } from "./managed-by";

describe("managedByOf", () => {
  it("reads a Helm release from helm's annotations", () => {
    expect(
      managedByOf(
        { "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/instance": "shop" },
        { "meta.helm.sh/release-name": "shop", "meta.helm.sh/release-namespace": "apps" },
        ["shop"],
      ),
    ).toEqual([{ tool: "helm", release: "shop", releaseNamespace: "apps" }]);
  });

  it("reads Argo CD's tracking id, with the Application's namespace when it is outside Argo CD's", () => {
    expect(parseTrackingId("shop:apps/Deployment:shop/web")).toEqual({
      application: "shop",
      applicationNamespace: null,
    });
    expect(parseTrackingId("team-a_shop:apps/Deployment:shop/web")).toEqual({
      application: "shop",
      applicationNamespace: "team-a",
    });
    expect(parseTrackingId("garbage")).toBeNull();
    expect(managedByOf({}, { "argocd.argoproj.io/tracking-id": "team-a_shop:apps/Deployment:shop/web" })).toEqual([
      { tool: "argocd", application: "shop", applicationNamespace: "team-a", via: "annotation" },
    ]);
  });

  it("counts the app.kubernetes.io/instance label as Argo CD only for an Application the service lists", () => {
    expect(managedByOf({ "app.kubernetes.io/instance": "shop" }, {})).toEqual([]);
    expect(managedByOf({ "app.kubernetes.io/instance": "shop" }, {}, ["shop"])).toEqual([
      { tool: "argocd", application: "shop", applicationNamespace: null, via: "label" },
    ]);
  });

  it("reads Flux's Kustomization and HelmRelease labels", () => {
    expect(
      managedByOf(
        {
          "helm.toolkit.fluxcd.io/name": "web",
          "helm.toolkit.fluxcd.io/namespace": "flux-system",
          "app.kubernetes.io/managed-by": "Helm",
        },
        { "meta.helm.sh/release-name": "shop-web", "meta.helm.sh/release-namespace": "shop" },
      ),
    ).toEqual([
      { tool: "helm", release: "shop-web", releaseNamespace: "shop" },
      { tool: "flux", kind: "HelmRelease", name: "web", namespace: "flux-system" },
    ]);
  });
});

describe("managedByWarning", () => {
  const argo = { tool: "argocd", application: "shop", applicationNamespace: null, via: "annotation" } as const;
  it("says Argo CD re-syncs the bad version when automated sync with self-heal is on", () => {
    expect(
      managedByWarning("Deployment web", argo, {
        read: true,
        kind: "Application",
        automated: true,
        selfHeal: true,
        prune: false,
      }),
    ).toContain(
      "Argo CD will re-sync the bad version within its sync interval (default 3 min) because automated sync with self-heal is on",
    );
  });

  it("says what could not be read instead of failing", () => {
    const w = managedByWarning("Deployment web", argo, {
      read: false,
      reason: "could not read Argo CD Application argocd/shop: the dashboard may not get it (403)",
    });
    expect(w).toContain("could not read Argo CD Application argocd/shop");
  });

  it("says a Helm release drifts and the next upgrade re-applies its manifests", () => {
    expect(
      managedByWarning("Deployment web", { tool: "helm", release: "shop", releaseNamespace: "apps" }, null),
    ).toContain('Helm release "shop" in "apps": after this change the release will drift');
  });

  it("tells a suspended Flux object from an active one", () => {
    const flux = { tool: "flux", kind: "Kustomization", name: "apps", namespace: "flux-system" } as const;
    expect(
      managedByWarning("Deployment web", flux, { read: true, kind: "Kustomization", suspended: true, interval: "5m" }),
    ).toContain("which is suspended");
    expect(
      managedByWarning("Deployment web", flux, { read: true, kind: "Kustomization", suspended: false, interval: "5m" }),
    ).toContain("re-applies the version in git every 5m and will undo this change");
  });
});
