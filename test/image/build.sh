#!/usr/bin/env bash
# Builds the repository's Dockerfile with buildah (chroot isolation: no OCI runtime is needed for
# RUN steps here) on the local base from build-base.sh, with the helm the tests use as its helm
# stage (build-helm-image.sh), as localhost/rcc:test (RCC_IMAGE: another tag). --layers reuses
# unchanged steps, so a second build with the same sources takes seconds; the npm cache mount keeps
# downloads across lockfile changes. The machine's CA bundle goes in as the `ca` build secret
# (the sandbox's egress intercepts TLS); it is not written into any layer.
set -euo pipefail
cd "$(dirname "$0")"
source ./versions.sh
bash ./build-base.sh
helm_image="$(bash ./build-helm-image.sh | tail -1)"
cd ../..
ca=/etc/ssl/certs/ca-certificates.crt
secret=()
[ -s "$ca" ] && secret=(--secret "id=ca,src=$ca")
log="$CACHE_DIR/build.log"
t0=$SECONDS
buildah bud --isolation=chroot --layers "${secret[@]}" \
  --build-arg "BASE=$BASE_IMAGE" --build-arg "HELM_IMAGE=$helm_image" -t "$APP_IMAGE" . >"$log" 2>&1 ||
  { tail -40 "$log"; echo "[image] build failed (full log: $log)"; exit 1; }
echo "[image] built $APP_IMAGE from ./Dockerfile in $((SECONDS - t0)) s"
