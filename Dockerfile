# The production image: Next's standalone server (scripts/build-server.ts) on Node, with the
# Postgres client tools the database strategies run (psql, pg_restore), as uid/gid 1001, and
# nothing that needs a writable root filesystem. Matches charts/rollback-command-center
# (appDir /app, runAsUser 1001, containerPort 3000, readOnlyRootFilesystem with emptyDirs on /tmp
# and /app/.next/cache).
#
#   docker build -t rollback-command-center .
#   docker run --read-only --tmpfs /tmp -p 3000:3000 \
#     -e DATABASE_URL=postgres://… -e AUTH_SECRET=… rollback-command-center
#
# BASE is any Debian-based image with Node 20 (and npm for the builder): the default is the
# official one; the tests build on a local debootstrap + Node base (test/image/build-base.sh).
# Behind a TLS-intercepting proxy, pass its CA bundle as a build secret:
#   docker build --secret id=ca,src=/etc/ssl/certs/ca-certificates.crt .
#
# HELM_IMAGE is any image holding a static helm 4 binary at HELM_PATH: the default is alpine/helm
# (tagged by helm's version, binary at /usr/bin/helm; helm's release builds are static, so it runs
# on the Debian runtime). The tests pass a local image holding the helm they build from its Go
# module (test/image/build-helm-image.sh), so the image carries exactly the helm the tests ran.
ARG BASE=docker.io/library/node:20-bookworm-slim
ARG HELM_IMAGE=docker.io/alpine/helm:4.3.1
ARG HELM_PATH=/usr/bin/helm

# The Helm release strategy runs the real `helm rollback` (lib/helm/run-helm.ts).
FROM ${HELM_IMAGE} AS helm

FROM ${BASE} AS builder
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
COPY package.json package-lock.json ./
# --ignore-scripts: the same install on npm 10 (official images) as on npm 11 (which blocks
# dependencies' scripts); none is needed (Prisma generates below, esbuild ships its binary).
RUN --mount=type=secret,id=ca --mount=type=cache,target=/root/.npm,sharing=locked \
    if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi; \
    npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npx prisma generate \
 && RCC_BUILD_STANDALONE=1 npx next build \
 && npx tsx scripts/build-server.ts --no-build --out /out

FROM ${BASE} AS runtime
# postgresql-client: psql and pg_restore, spawned by lib/rollback/strategies/db-restore/restore.ts
# (the only CLIs the strategies call). npm/yarn/corepack are removed: nothing runs them at run time.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb \
 && rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx \
      /usr/local/bin/yarn /usr/local/bin/yarnpkg /usr/local/bin/corepack /opt/yarn-* \
 && groupadd --gid 1001 rcc \
 && useradd --uid 1001 --gid 1001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin rcc
# helm, owned by root, run by the server as RCC_HELM_BIN (set below). The ARG here, not above the
# apt-get step: declared earlier it would change that step's cache key.
ARG HELM_PATH
COPY --from=helm ${HELM_PATH} /usr/local/bin/helm
WORKDIR /app
# Owned by root and not writable by the server's user: the app cannot change its own code.
COPY --from=builder /out/ /app/
# Next writes its cache under its distDir (.next/standalone-build, next.config.js); the chart
# mounts an emptyDir on /app/.next/cache, so the distDir's cache points there.
RUN mkdir -p /app/.next/cache \
 && chown 1001:1001 /app/.next/cache \
 && rm -rf /app/.next/standalone-build/cache \
 && ln -s ../cache /app/.next/standalone-build/cache
ENV NODE_ENV=production PORT=3000 HOSTNAME=0.0.0.0 NEXT_TELEMETRY_DISABLED=1 HOME=/tmp \
    RCC_HELM_BIN=/usr/local/bin/helm
VOLUME ["/app/.next/cache"]
USER 1001:1001
EXPOSE 3000
ENTRYPOINT ["node", "server.js"]
