#!/usr/bin/env bash
# The local stand-in for the Dockerfile's default HELM_IMAGE (alpine/helm): an image from scratch
# holding only the helm the tests use (test/helm/build.sh: built from its Go module, cached; built
# here only when missing), at the path alpine/helm has it (/usr/bin/helm, the Dockerfile's default
# HELM_PATH). Tagged by helm's version and the binary's digest, so a rebuilt helm makes a new image.
# Prints the image's name on the last line of stdout.
set -euo pipefail
cd "$(dirname "$0")"
source ./versions.sh

bin="$(bash ../helm/build.sh | tail -1)"
version="$(basename "$(dirname "$bin")")"
image="$HELM_IMAGE_REPO:${version}-$(sha256sum "$bin" | cut -c1-12)"
if podman image exists "$image"; then
  echo "[image] helm $image (cached)" >&2
else
  ctr="$(buildah from --quiet scratch)"
  trap 'buildah rm "$ctr" >/dev/null 2>&1 || true' EXIT
  buildah copy --quiet --chown 0:0 --chmod 0755 "$ctr" "$bin" /usr/bin/helm >/dev/null
  buildah config --label "org.opencontainers.image.version=$version" "$ctr"
  buildah commit --quiet --rm "$ctr" "$image" >/dev/null
  trap - EXIT
  echo "[image] helm $image (from $bin)" >&2
fi
echo "$image"
