#!/usr/bin/env bash
# `npm test`: everything, from a fresh clone after `npm ci`. Installs and starts what the tests
# need (Chromium, Prometheus, Postgres, the Kubernetes control plane built from Go modules).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin" NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1

step() { printf '\n== %s\n' "$*"; }

step "system packages"
bash scripts/install-test-deps.sh

step "Kubernetes control plane, flagd and helm binaries (built once from Go modules, cached by version)"
bash test/cluster/build.sh
bash test/flagd/build.sh
bash test/helm/build.sh

step "typecheck"
npx tsc --noEmit

step "lint"
npx eslint . --max-warnings=0

step "format (prettier --check; fix with npm run format)"
npx prettier --check . --log-level=warn

step "unit tests"
npx vitest run --project unit

step "integration tests (real Postgres, control plane, Prometheus)"
npx vitest run --project integration

step "production build"
npx next build

step "production server (standalone: node server.js; two replicas migrate once, probes, SIGTERM drain)"
npx tsx scripts/build-server.ts
npx tsx scripts/smoke-server.ts

step "e2e (Chromium against next start)"
npx tsx scripts/e2e.ts

step "sandbox e2e (demo service, load, triggers, automatic and manual rollback)"
npx tsx scripts/e2e-sandbox.ts
