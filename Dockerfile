# syntax=docker/dockerfile:1
# Codecot: multi-stage build, production dependencies only, non-root, health-checked.

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# The image already has Node 24; skip the `node` dev dependency and every other dev package.
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends git bubblewrap ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    CODECOT_HOST=0.0.0.0 \
    PORT=3000 \
    CODECOT_DATA_DIR=/data
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
COPY adapters ./adapters
COPY migrations ./migrations
COPY prompts ./prompts
COPY samples ./samples
RUN mkdir -p /data && chown -R node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The same V8 settings as `npm start`: an idle bot in about 150 MB (see the README's benchmarks).
CMD ["node", "--max-semi-space-size=4", "--optimize-for-size", "--v8-pool-size=1", "src/main.ts"]
