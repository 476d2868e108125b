# Parley: one image, one process (HTTP + Socket.IO on PORT). Multi-stage: the
# build stage has the dev dependencies (Vite builds the web client); the
# runtime stage has production dependencies only, runs as the unprivileged
# `node` user, and checks itself with GET /healthz.
#   docker build -t parley .
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://... -e SESSION_SECRET=... \
#     -e ENCRYPTION_KEY=... -e PUBLIC_URL=https://parley.example.com parley
# Without DATABASE_URL it starts the embedded PostgreSQL under /data (mount a volume).

ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --include=dev --no-audit --no-fund
COPY . .
# The web client (client/dist, precompressed), then drop the build tools.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
# What the server reads at run time, nothing else (no tests, no client sources).
COPY --from=build /app/package.json /app/package-lock.json /app/tsconfig.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/server ./server
COPY --from=build /app/migrations ./migrations
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/assets ./assets
COPY --from=build /app/client/dist ./client/dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Straight to the server (npm start would look for Vite to rebuild the client);
# exec form, so SIGTERM reaches node and the server drains.
CMD ["node", "--import", "tsx", "server/index.ts"]
