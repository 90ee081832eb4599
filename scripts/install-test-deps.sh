#!/usr/bin/env bash
# Installs what the tests need from Debian and starts the machine's Postgres: Chromium for e2e,
# Prometheus for the trigger tests, podman, buildah and debootstrap for the image test. Only what
# is missing; safe to run again.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
# The container image test (test/image/build.sh): a debootstrap base, built with buildah.
for tool in podman buildah debootstrap; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if ((${#missing[@]})); then
  echo "== installing ${missing[*]} (apt)"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian's prometheus package starts a system service on :9090; the tests run their own instances.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
  systemctl stop prometheus || true
fi
command -v go >/dev/null 2>&1 || [ -x /usr/local/go/bin/go ] || { echo "Go is needed to build the test control plane (test/cluster/build.sh)"; exit 1; }
