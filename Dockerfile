# syntax=docker/dockerfile:1

# ---- build stage: compiles better-sqlite3's native addon, bundles the server, then drops dev dependencies ----
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
# node-gyp needs python3, make and g++ to build better-sqlite3 from source.
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci && npm cache clean --force
COPY tsconfig.json drizzle.config.ts ./
COPY src ./src
COPY seeds ./seeds
COPY migrations ./migrations
COPY migrations-postgres ./migrations-postgres
# The served /openapi.json takes its recorded examples from openapi/openapi.json at run time.
COPY openapi ./openapi
COPY scripts ./scripts
# One pre-built file (dist/server.mjs) starts in about half a second instead of compiling the TypeScript sources
# at every start-up (scripts/build.mjs). tsx stays a runtime dependency for the CLI scripts (npm run keys,
# db:migrate, db:seed, export); esbuild too, for `npm start` rebuilding a stale bundle. The rest of devDependencies go.
RUN npm run build && npm prune --omit=dev

# ---- runtime stage: no compilers, non-root ----
# SQLite at DATABASE_PATH by default; set DATABASE_URL (postgres://…) to run on PostgreSQL instead (compose.yaml,
# docs/deploy.md), and the volume is then unused.
FROM node:20.20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_PATH=/data/econsec.db \
    LOG_LEVEL=info
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# exec form: node is PID 1's child of nothing, so SIGTERM reaches it and shutdown is graceful.
CMD ["node", "dist/server.mjs"]
