#!/usr/bin/env bash
# Builds a real Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kwok) from Go modules, and extracts the CRDs the tests install.
#
# Output goes to a cache dir OUTSIDE the repo so fresh clones (CI) on the same machine reuse it:
#   ${RCC_CACHE_DIR:-$HOME/.cache/rollback-command-center}/k8s/<k8s-version>/
# Idempotent: exits fast when the stamp for these versions and every file exist.
# Prints the path of the directory on the last line of stdout.
set -euo pipefail

# Everything is inside main() and the file ends with `main "$@"; exit`, so bash has read the whole
# script before running any of it: editing this file while a build runs cannot break that build.
main() {
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"

# Versions: the k8s/etcd/kwok ones must match go.mod (checked below).
K8S_VERSION="v1.36.3"
ETCD_VERSION="v3.6.16"
KWOK_VERSION="v0.8.0"
# CRD sources (only YAML is taken from these modules; they are not compiled).
ISTIO_API_VERSION="v1.32.0"
GATEWAY_API_VERSION="v1.6.3" # v1.7.0 declares go >= 1.27
# The OpenFeature operator's main module is not on the module proxy; its `apis` module is (pinned in
# crdgen/go.mod), so the FeatureFlag CRD is generated from those Go types with controller-gen.
# GitOps CRDs (for the GitOps hold; the reconcilers themselves are not run): Argo CD's Application as
# published in github.com/argoproj/argo-cd/v3 at manifests/crds/application-crd.yaml, Flux's
# Kustomization as published in github.com/fluxcd/kustomize-controller at
# config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml, and Flux's HelmRelease generated
# with controller-gen from github.com/fluxcd/helm-controller/api/v2 (pinned in gitops-crds/go.mod):
# helm-controller's main module is not on the module proxy. Newer releases of all three declare
# go >= 1.27. They have their own stamp (.gitops-crds.stamp), so adding them does not rebuild the rest.
ARGOCD_VERSION="v3.5.7"
KUSTOMIZE_CONTROLLER_VERSION="v1.9.6"
HELM_CONTROLLER_API_VERSION="v1.6.5" # must match gitops-crds/go.mod
GITOPS_CRDS=(argocd-application.yaml flux-kustomization.yaml flux-helmrelease.yaml)
BINARIES=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

CACHE_ROOT="${RCC_CACHE_DIR:-$HOME/.cache/rollback-command-center}"
OUT="$CACHE_ROOT/k8s/$K8S_VERSION"
STAMP_KEY="k8s=$K8S_VERSION etcd=$ETCD_VERSION kwok=$KWOK_VERSION istio=$ISTIO_API_VERSION gateway=$GATEWAY_API_VERSION gosum=$(cat go.sum crdgen/go.sum | sha256sum | cut -c1-16)"
# Binaries only depend on these; the stamp also covers the CRD sources.
BIN_KEY="k8s=$K8S_VERSION etcd=$ETCD_VERSION kwok=$KWOK_VERSION gosum=$(sha256sum go.sum | cut -c1-16)"
STAMP="$OUT/.stamp"
GITOPS_KEY="argocd=$ARGOCD_VERSION kustomize-controller=$KUSTOMIZE_CONTROLLER_VERSION helm-controller-api=$HELM_CONTROLLER_API_VERSION gosum=$(sha256sum gitops-crds/go.sum | cut -c1-16)"
GITOPS_STAMP="$OUT/.gitops-crds.stamp"

gitops_complete() {
  [[ -f "$GITOPS_STAMP" ]] && grep -qxF "key: $GITOPS_KEY" "$GITOPS_STAMP" || return 1
  for f in "${GITOPS_CRDS[@]}"; do [[ -s "$OUT/crds/$f" ]] || return 1; done
}

complete() { core_complete && gitops_complete; }

core_complete() {
  [[ -f "$STAMP" ]] && grep -qxF "key: $STAMP_KEY" "$STAMP" || return 1
  for b in "${BINARIES[@]}"; do [[ -x "$OUT/$b" ]] || return 1; done
  for f in crds/virtualservice.yaml crds/httproute.yaml crds/featureflag.yaml \
    kwok-stages/node-initialize.yaml kwok-stages/node-heartbeat-with-lease.yaml \
    kwok-stages/pod-ready.yaml kwok-stages/pod-complete.yaml kwok-stages/pod-delete.yaml; do
    [[ -s "$OUT/$f" ]] || return 1
  done
}

FORCE=0; [[ "${1:-}" == "--force" ]] && FORCE=1
if [[ "${1:-}" == "--check" ]]; then # exit 0 and print the dir when built, else exit 1
  if complete; then echo "$OUT"; return 0; fi
  echo "not built: $OUT is missing files or its stamp does not match $STAMP_KEY" >&2; return 1
fi
if [[ $FORCE == 0 ]] && complete; then
  echo "k8s control plane already built in $OUT" >&2
  echo "$OUT"
  return 0
fi

for v in "k8s.io/kubernetes $K8S_VERSION" "go.etcd.io/etcd/server/v3 $ETCD_VERSION" "sigs.k8s.io/kwok $KWOK_VERSION"; do
  grep -qE "^\s*(require )?$v\s*$" go.mod || { echo "go.mod does not require $v" >&2; exit 1; }
done
grep -qE "^require github.com/fluxcd/helm-controller/api $HELM_CONTROLLER_API_VERSION$" gitops-crds/go.mod ||
  { echo "gitops-crds/go.mod does not require helm-controller/api $HELM_CONTROLLER_API_VERSION" >&2; exit 1; }

# -mod=readonly: go.mod/go.sum are committed and tidy; a build must never rewrite them.
export CGO_ENABLED=0 GOWORK=off GOTOOLCHAIN=local GOFLAGS='-mod=readonly -buildvcs=false'
mkdir -p "$OUT/crds" "$OUT/kwok-stages"
# One lock per version dir, so two concurrent callers (e.g. two test runs) don't both build.
exec 9>"$OUT/.lock"
if ! flock -n 9; then
  echo "another build holds $OUT/.lock; waiting..." >&2
  flock 9
  if complete; then echo "$OUT"; return 0; fi
fi

start_all=$(date +%s)
moddir() { # module@version -> extracted dir in the module cache (checked against the checksum db)
  local tmp json dir; tmp="$(mktemp -d)"
  json="$(cd "$tmp" && GOFLAGS= go mod download -json "$1" || true)"
  rmdir "$tmp"
  dir="$(sed -n 's/^\t"Dir": "\(.*\)",$/\1/p' <<<"$json")"
  if [[ -z "$dir" ]]; then echo "go mod download $1 failed: $json" >&2; return 1; fi
  echo "$dir"
}
if [[ $FORCE == 1 ]] || ! core_complete; then build_core; fi
if [[ $FORCE == 1 ]] || ! gitops_complete; then build_gitops_crds; fi
echo "$OUT"
}

build_core() {
minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
K8S_LDFLAGS=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  K8S_LDFLAGS+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  K8S_LDFLAGS+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done
BUILD_FLAGS=(-trimpath -tags selinux,notest,grpcnotrace -p "${RCC_BUILD_JOBS:-$(nproc)}")

build() { # name package extra-ldflags
  local name="$1" pkg="$2" ld="$3" t0 secs
  if [[ -x "$OUT/$name" && $FORCE == 0 && -f "$OUT/.$name.ok" ]] && [[ "$(head -1 "$OUT/.$name.ok")" == "$BIN_KEY" ]]; then
    echo "== $name: cached" >&2; return
  fi
  t0=$(date +%s)
  echo "== building $name ($pkg)" >&2
  go build "${BUILD_FLAGS[@]}" -ldflags "-s -w $ld" -o "$OUT/$name.tmp" "$pkg"
  mv -f "$OUT/$name.tmp" "$OUT/$name"
  secs=$(( $(date +%s) - t0 ))
  printf '%s\n%s\n' "$BIN_KEY" "$secs" > "$OUT/.$name.ok"
  echo "== $name built in ${secs}s ($(du -h "$OUT/$name" | cut -f1))" >&2
}

build kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver "$K8S_LDFLAGS"
build kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager "$K8S_LDFLAGS"
build kube-scheduler k8s.io/kubernetes/cmd/kube-scheduler "$K8S_LDFLAGS"
build etcd go.etcd.io/etcd/server/v3 "-X go.etcd.io/etcd/api/v3/version.GitSHA=$ETCD_VERSION"
build kwok sigs.k8s.io/kwok/cmd/kwok "-X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=$K8S_VERSION"

# ---- CRDs and kwok stages, straight from the module cache ----
KWOK_DIR="$(go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)"
for s in node/fast/node-initialize node/heartbeat-with-lease/node-heartbeat-with-lease \
  pod/fast/pod-ready pod/fast/pod-complete pod/fast/pod-delete; do
  cp "$KWOK_DIR/kustomize/stage/$s.yaml" "$OUT/kwok-stages/${s##*/}.yaml"
done

ISTIO_DIR="$(moddir "istio.io/api@$ISTIO_API_VERSION")"
# customresourcedefinitions.gen.yaml holds every Istio CRD; keep only the VirtualService one.
awk 'BEGIN{RS="\n---\n"; ORS=""} /\n  name: virtualservices\.networking\.istio\.io\n/ {print "---\n" $0 "\n"}' \
  "$ISTIO_DIR/kubernetes/customresourcedefinitions.gen.yaml" > "$OUT/crds/virtualservice.yaml"
grep -q 'kind: VirtualService' "$OUT/crds/virtualservice.yaml" || { echo "VirtualService CRD not found in istio.io/api" >&2; exit 1; }

GW_DIR="$(moddir "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION")"
cp "$GW_DIR/config/crd/standard/gateway.networking.k8s.io_httproutes.yaml" "$OUT/crds/httproute.yaml"

t0=$(date +%s)
mkdir -p "$OUT/.tools" "$OUT/.crdgen"
(cd crdgen && go build -trimpath -o "$OUT/.tools/controller-gen" sigs.k8s.io/controller-tools/cmd/controller-gen)
(cd crdgen && "$OUT/.tools/controller-gen" crd \
  paths=github.com/open-feature/open-feature-operator/apis/core/v1beta1 output:crd:dir="$OUT/.crdgen")
cp "$OUT/.crdgen/core.openfeature.dev_featureflags.yaml" "$OUT/crds/featureflag.yaml"
echo "$(( $(date +%s) - t0 ))" > "$OUT/.crds.seconds"
chmod -R u+w "$OUT/crds" "$OUT/kwok-stages"

# Build time = what each piece took when it was last really built (a rerun that finds binaries
# cached does not make the recorded cold build time look small).
total=0 timings=""
for b in "${BINARIES[@]}"; do
  secs="$(sed -n 2p "$OUT/.$b.ok")"; total=$(( total + secs )); timings+="$b: ${secs}s"$'\n'
done
secs="$(cat "$OUT/.crds.seconds")"; total=$(( total + secs )); timings+="crds: ${secs}s"$'\n'
{
  echo "key: $STAMP_KEY"
  echo "built: $(date -u +%FT%TZ)"
  echo "build_seconds: $total"
  echo "this_run_seconds: $(( $(date +%s) - start_all ))"
  echo "go: $(go env GOVERSION) jobs: ${RCC_BUILD_JOBS:-$(nproc)} cpus: $(nproc)"
  printf '%s' "$timings"
} > "$STAMP"
echo "== control plane ready in $OUT (this run $(( $(date +%s) - start_all ))s; build time of all pieces ${total}s)" >&2
}

build_gitops_crds() {
  local t0 dir; t0=$(date +%s)
  mkdir -p "$OUT/.tools" "$OUT/.gitops-crdgen"
  dir="$(moddir "github.com/argoproj/argo-cd/v3@$ARGOCD_VERSION")"
  cp "$dir/manifests/crds/application-crd.yaml" "$OUT/crds/argocd-application.yaml"
  dir="$(moddir "github.com/fluxcd/kustomize-controller@$KUSTOMIZE_CONTROLLER_VERSION")"
  cp "$dir/config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml" "$OUT/crds/flux-kustomization.yaml"
  [[ -x "$OUT/.tools/controller-gen" ]] ||
    (cd crdgen && go build -trimpath -o "$OUT/.tools/controller-gen" sigs.k8s.io/controller-tools/cmd/controller-gen)
  # helm-controller marks v2beta1/v2beta2 +kubebuilder:skipversion: the published CRD serves v2 only.
  (cd gitops-crds && "$OUT/.tools/controller-gen" crd \
    paths=github.com/fluxcd/helm-controller/api/v2 output:crd:dir="$OUT/.gitops-crdgen")
  cp "$OUT/.gitops-crdgen/helm.toolkit.fluxcd.io_helmreleases.yaml" "$OUT/crds/flux-helmrelease.yaml"
  grep -q 'kind: Application$' "$OUT/crds/argocd-application.yaml" || { echo "Application CRD not found" >&2; exit 1; }
  chmod -R u+w "$OUT/crds"
  printf 'key: %s\nbuilt: %s\nseconds: %s\n' "$GITOPS_KEY" "$(date -u +%FT%TZ)" "$(( $(date +%s) - t0 ))" > "$GITOPS_STAMP"
  echo "== GitOps CRDs (Argo CD Application, Flux Kustomization + HelmRelease) in $OUT/crds" >&2
}
main "$@"; exit
