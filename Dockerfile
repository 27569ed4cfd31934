# Recall for production: Next.js standalone output on Node 24 (Node 20 reached its end of life in April 2026), run as a non-root user.
#   docker build -t recall .
# The entrypoint applies the migrations (on DIRECT_DATABASE_URL when set, under the migrator's
# transaction-level advisory lock, so several instances may start at once) and creates the first
# admin, then serves. See README → Deploy and docker-compose.yml.

FROM node:24-bookworm-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
COPY scripts/prisma-generate.mjs scripts/prisma-generate.mjs
COPY prisma prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
# Standalone output only here: `npm start` outside the image keeps `next start`.
RUN NEXT_OUTPUT=standalone npx next build \
 && npx esbuild scripts/migrate.ts --bundle --platform=node --target=node24 --format=esm \
      --external:pg-native --outfile=dist/migrate.mjs \
      "--banner:js=import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"

FROM node:24-bookworm-slim AS runner
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0 \
    RECALL_ENGINE=server RECALL_DATA_DIR=/app/.recall AUTH_TRUST_HOST=true
RUN groupadd --system --gid 1001 recall && useradd --system --uid 1001 --gid recall --home /app recall \
 && mkdir -p /app/.recall && chown recall:recall /app/.recall
COPY --from=build --chown=recall:recall /app/.next/standalone ./
COPY --from=build --chown=recall:recall /app/.next/static ./.next/static
COPY --from=build --chown=recall:recall /app/sql ./sql
COPY --from=build --chown=recall:recall /app/dist/migrate.mjs ./migrate.mjs
COPY --chown=recall:recall deploy/entrypoint.sh ./entrypoint.sh
USER recall
EXPOSE 3000
# /api/health: 200 when the project database answers, 503 otherwise (what the load balancer reads too).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/bin/sh", "/app/entrypoint.sh"]
