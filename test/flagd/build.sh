#!/usr/bin/env bash
# Builds flagd (OpenFeature's flag evaluation daemon) from its Go module, for the feature-flag
# integration tests. Output goes to a cache dir OUTSIDE the repo, shared by clones on this machine:
#   ${RCC_CACHE_DIR:-$HOME/.cache/rollback-command-center}/flagd/<version>/flagd
# Idempotent: exits at once when the binary for this version and go.sum exists.
# `--check` exits 0 and prints the binary's path when built, else exits 1 without building.
# Prints the binary's path on the last line of stdout.
set -euo pipefail

main() {
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"

FLAGD_VERSION="v0.16.0" # must match go.mod (checked below)
CACHE_ROOT="${RCC_CACHE_DIR:-$HOME/.cache/rollback-command-center}"
OUT="$CACHE_ROOT/flagd/$FLAGD_VERSION"
BIN="$OUT/flagd"
KEY="flagd=$FLAGD_VERSION gosum=$(sha256sum go.sum | cut -c1-16)"
STAMP="$OUT/.stamp"

complete() { [[ -x "$BIN" && -f "$STAMP" ]] && grep -qxF "key: $KEY" "$STAMP"; }

if [[ "${1:-}" == "--check" ]]; then
  if complete; then echo "$BIN"; return 0; fi
  echo "not built: $BIN missing or its stamp does not match $KEY" >&2; return 1
fi
if [[ "${1:-}" != "--force" ]] && complete; then echo "$BIN"; return 0; fi

grep -qE "^\s*(require )?github.com/open-feature/flagd/flagd $FLAGD_VERSION\s*$" go.mod \
  || { echo "go.mod does not require github.com/open-feature/flagd/flagd $FLAGD_VERSION" >&2; exit 1; }

# -mod=readonly: go.mod/go.sum are committed; a build must never rewrite them. The checksum database
# does not answer for the open-feature modules here, so those are checked against go.sum only.
export CGO_ENABLED=0 GOWORK=off GOTOOLCHAIN=local GOFLAGS='-mod=readonly -buildvcs=false'
export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/open-feature,buf.build"
mkdir -p "$OUT"
exec 9>"$OUT/.lock"
if ! flock -n 9; then
  echo "another build holds $OUT/.lock; waiting..." >&2
  flock 9
  if complete; then echo "$BIN"; return 0; fi
fi

t0=$(date +%s)
echo "== building flagd $FLAGD_VERSION (github.com/open-feature/flagd/flagd)" >&2
go build -trimpath -p "${RCC_BUILD_JOBS:-$(nproc)}" \
  -ldflags "-s -w -X main.version=$FLAGD_VERSION -X main.commit=module -X main.date=1970-01-01T00:00:00Z" \
  -o "$BIN.tmp" github.com/open-feature/flagd/flagd
mv -f "$BIN.tmp" "$BIN"
secs=$(( $(date +%s) - t0 ))
printf 'key: %s\nbuilt: %s\nbuild_seconds: %s\ngo: %s cpus: %s\n' "$KEY" "$(date -u +%FT%TZ)" "$secs" "$(go env GOVERSION)" "$(nproc)" > "$STAMP"
echo "== flagd built in ${secs}s ($(du -h "$BIN" | cut -f1)): $BIN" >&2
echo "$BIN"
}
main "$@"
