#!/usr/bin/env bash
# `npm test`: everything, from a fresh clone after `npm ci`. Installs and starts what the tests
# need (Chromium, Prometheus, Postgres, the Kubernetes control plane built from Go modules).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin" NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1

# Each step prints when it starts and how long the one before took, so a CI log shows where the time goes.
STEP_START=$SECONDS
STEP_NAME=""
step() {
  [ -n "$STEP_NAME" ] && printf '== (%s: %ss)\n' "$STEP_NAME" $((SECONDS - STEP_START))
  STEP_START=$SECONDS
  STEP_NAME="$*"
  printf '\n== %s\n' "$*"
}
trap '[ -n "$STEP_NAME" ] && printf "== (%s: %ss; total %ss)\n" "$STEP_NAME" $((SECONDS - STEP_START)) $SECONDS' EXIT

step "system packages"
bash scripts/install-test-deps.sh

step "Kubernetes control plane, flagd and helm binaries (built once from Go modules, cached by version), in the background"
# A cold build is ~25 min of Go compiling; typecheck, lint, format and the unit tests are mostly
# single-threaded, so they run meanwhile on the other core. Waited for before the integration tests.
BUILD_LOG=$(mktemp /tmp/rcc-binaries.XXXXXX.log)
(bash test/cluster/build.sh && bash test/flagd/build.sh && bash test/helm/build.sh) >"$BUILD_LOG" 2>&1 &
BUILD_PID=$!
wait_for_binaries() {
  if ! wait "$BUILD_PID"; then
    cat "$BUILD_LOG"
    echo "building the control plane, flagd or helm failed (log above)" >&2
    exit 1
  fi
  grep -E '^== ' "$BUILD_LOG" || true
}

step "typecheck"
npx tsc --noEmit

step "lint"
npx eslint . --max-warnings=0

step "format (prettier --check; fix with npm run format)"
npx prettier --check . --log-level=warn

step "unit tests"
npx vitest run --project unit

step "waiting for the control plane, flagd and helm binaries"
wait_for_binaries

step "integration tests (real Postgres, control plane, Prometheus)"
npx vitest run --project integration

step "production build"
npx next build

step "production server (standalone: node server.js; two replicas migrate once, probes, SIGTERM drain)"
npx tsx scripts/build-server.ts
npx tsx scripts/smoke-server.ts

step "container image (./Dockerfile built with buildah on a local Debian + Node base and the tests' helm; its server and helm run from the image's files as uid 1001 on a read-only root)"
bash test/image/build.sh
npx tsx scripts/smoke-image.ts

step "two replicas behind a proxy: SIGKILL mid-rollout (standalone servers, round-robin TCP proxy, Chromium)"
npx tsx scripts/e2e-replicas.ts

step "e2e (Chromium against next start)"
npx tsx scripts/e2e.ts

step "sandbox e2e (demo service, load, triggers, automatic and manual rollback)"
npx tsx scripts/e2e-sandbox.ts
