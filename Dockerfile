# syntax=docker/dockerfile:1
# One image recipe for every app of the monorepo: `docker build --build-arg APP=callee -t daca-nest/callee .`
# (APP is a project of nest-cli.json). The result holds the webpack bundle of that app and the
# production dependencies it requires at run time (the bundle leaves node_modules external), runs as
# the unprivileged `node` user and answers its own healthcheck on /health/live.
ARG NODE_IMAGE=node:20.20-bookworm-slim

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: nothing the apps load at run time needs one (bullmq's msgpackr has a pure-JS fallback).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY libs libs
COPY apps apps
ARG APP
RUN test -n "${APP}" || { echo 'set --build-arg APP=<chat-agent|callee|caller>' >&2; exit 1; } \
  && npx nest build "${APP}"

FROM ${NODE_IMAGE} AS runtime
ARG APP
# The heap limits and malloc arenas of dapr.yaml (its comments say why); the old space is half of the
# containers' 512Mi memory limit (k8s/base/app-defaults.yaml).
ENV NODE_ENV=production \
    NODE_OPTIONS="--max-old-space-size=256 --max-semi-space-size=8" \
    MALLOC_ARENA_MAX=2 \
    APP_HOST=0.0.0.0
WORKDIR /app
COPY --from=prod-deps --chown=root:root /app/node_modules node_modules
COPY --from=build --chown=root:root /app/dist/apps/${APP}/main.js dist/main.js
# The apps read their retry policies from resiliency.yaml, the file their sidecars apply (libs/retry).
COPY --chown=root:root components components
# Files owned by root and a non-root user: the process cannot change its own code.
USER node
# APP_PORT is required by the app (see libs/config); the check reads the same variable.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.APP_PORT}/health/live`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
