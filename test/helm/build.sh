#!/usr/bin/env bash
# Builds helm (the Kubernetes package manager) from its Go module, for the chart's tests
# (`helm lint`, `helm template`, `helm install` into the test control plane). Output goes to a cache
# dir OUTSIDE the repo, shared by clones on this machine:
#   ${RCC_CACHE_DIR:-$HOME/.cache/rollback-command-center}/helm/<version>/helm
# Idempotent: exits at once when the binary for this version and go.sum exists.
# `--check` exits 0 and prints the binary's path when built, else exits 1 without building.
# Prints the binary's path on the last line of stdout.
set -euo pipefail

main() {
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"

HELM_VERSION="v4.3.1" # must match go.mod (checked below)
CACHE_ROOT="${RCC_CACHE_DIR:-$HOME/.cache/rollback-command-center}"
OUT="$CACHE_ROOT/helm/$HELM_VERSION"
BIN="$OUT/helm"
KEY="helm=$HELM_VERSION gosum=$(sha256sum go.sum | cut -c1-16)"
STAMP="$OUT/.stamp"

complete() { [[ -x "$BIN" && -f "$STAMP" ]] && grep -qxF "key: $KEY" "$STAMP"; }

if [[ "${1:-}" == "--check" ]]; then
  if complete; then echo "$BIN"; return 0; fi
  echo "not built: $BIN missing or its stamp does not match $KEY" >&2; return 1
fi
if [[ "${1:-}" != "--force" ]] && complete; then echo "$BIN"; return 0; fi

grep -qE "^\s*(require )?helm.sh/helm/v4 $HELM_VERSION\s*$" go.mod \
  || { echo "go.mod does not require helm.sh/helm/v4 $HELM_VERSION" >&2; exit 1; }

# -mod=readonly: go.mod/go.sum are committed; a build must never rewrite them.
export CGO_ENABLED=0 GOWORK=off GOTOOLCHAIN=local GOFLAGS='-mod=readonly -buildvcs=false'
mkdir -p "$OUT"
exec 9>"$OUT/.lock"
if ! flock -n 9; then
  echo "another build holds $OUT/.lock; waiting..." >&2
  flock 9
  if complete; then echo "$BIN"; return 0; fi
fi

t0=$(date +%s)
echo "== building helm $HELM_VERSION (helm.sh/helm/v4/cmd/helm)" >&2
go build -trimpath -p "${RCC_BUILD_JOBS:-$(nproc)}" \
  -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$HELM_VERSION -X helm.sh/helm/v4/internal/version.metadata=module" \
  -o "$BIN.tmp" helm.sh/helm/v4/cmd/helm
mv -f "$BIN.tmp" "$BIN"
secs=$(( $(date +%s) - t0 ))
printf 'key: %s\nbuilt: %s\nbuild_seconds: %s\ngo: %s cpus: %s\n' "$KEY" "$(date -u +%FT%TZ)" "$secs" "$(go env GOVERSION)" "$(nproc)" > "$STAMP"
echo "== helm built in ${secs}s ($(du -h "$BIN" | cut -f1)): $BIN" >&2
echo "$BIN"
}
main "$@"
