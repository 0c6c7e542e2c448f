# syntax=docker/dockerfile:1
# Messenger, self-hosted: `docker build -t messenger .`, or `docker compose --profile self-host up`.
# The image holds only Next.js's standalone output (the server, the node_modules it traced, static
# files, migrations): no npm, no dev dependencies, no source. It listens on $PORT (3000), keeps its
# SQLite database under /app/data (mount a volume there), and applies migrations as it starts.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# The same script as `npm run build` everywhere: next build, then static files into the standalone tree.
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# HOSTNAME: server.js binds to it, and Docker sets it to the container's id.
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    DATABASE_URL=file:/app/data/messenger.db
COPY --from=build /app/.next/standalone ./
# The code stays root's and read-only to the app; only the database directory and Next's cache are its own.
RUN groupadd --system --gid 1001 messenger \
 && useradd --system --uid 1001 --gid messenger --no-create-home messenger \
 && mkdir -p /app/data /app/.next/cache \
 && chown messenger:messenger /app/data /app/.next/cache
USER messenger
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]
