# What the local test base is made of (test/image/build-base.sh); the cache key is made of these.
# Node matches the machines' Node (STACK.md); npm is what the builder stage's `npm ci` runs.
DEBIAN_SUITE=bookworm
NODE_VERSION=20.20.2
NPM_VERSION=11.19.1
BASE_IMAGE="localhost/rcc-node-base:${DEBIAN_SUITE}-node${NODE_VERSION}-npm${NPM_VERSION}"
# The helm stage's local image (build-helm-image.sh), tagged by helm's version and digest.
HELM_IMAGE_REPO=localhost/rcc-helm
# RCC_IMAGE: another tag, for a build beside the usual one (smoke-image.ts takes it as argument).
APP_IMAGE="${RCC_IMAGE:-localhost/rcc:test}"
CACHE_DIR="${HOME}/.cache/rollback-command-center/image"
