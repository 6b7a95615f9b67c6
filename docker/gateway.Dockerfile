# gateway — the only public HTTP entry (NestJS on Fastify, PORT 3000): API under /api/v1 and the
# built portal (React/Vite, dist/apps/portal) as static files. The portal has no image of its own.
# Build context is the repository root (see docker/README.md, needs the root .dockerignore):
#   docker build -f docker/gateway.Dockerfile -t poverty/gateway .
# All six Dockerfiles follow the same two-stage pattern (build, runtime); only the app name, port and health path differ.

# ---- build: full workspace with dev dependencies, Nx/webpack bundle + Vite portal -----------------
FROM node:20-bookworm-slim AS build
ENV CI=true NX_DAEMON=false NX_NO_CLOUD=true NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /repo
# Dependencies first, so this layer is cached until the lockfile changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# -> dist/apps/gateway/main.js (+ generated package.json, pruned package-lock.json)
#    and dist/apps/portal/index.html + assets
RUN npx nx run-many -t build -p gateway portal

# ---- runtime: bundle + production dependencies only, non-root -------------------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    PORTAL_DIR=/app/dist/apps/portal \
    NPM_CONFIG_UPDATE_NOTIFIER=false
# Same layout as in the repository: the portal stays at ../portal relative to main.js,
# and `node dist/apps/gateway/main.js migrate` works from /app too.
WORKDIR /app/dist/apps/gateway
COPY --from=build /repo/dist/apps/gateway/ ./
COPY --from=build /repo/dist/apps/portal/ /app/dist/apps/portal/
# Files stay owned by root (read-only for the app); only what the generated package.json lists.
RUN if [ -f package-lock.json ]; then npm ci --omit=dev --no-audit --no-fund; \
    else npm install --omit=dev --no-audit --no-fund; fi \
 && npm cache clean --force
# The monthly dispatch's PDF export embeds a subset of a TrueType CJK font (REPORT_PDF_FONT).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-droid-fallback \
 && rm -rf /var/lib/apt/lists/*
USER node
EXPOSE 3000
# Healthy = HTTP 2xx and, when the body is JSON, its status is not degraded/down/error.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/v1/health/ready',{signal:AbortSignal.timeout(4000)}).then(async r=>{let s;try{s=JSON.parse(await r.text()).status}catch{}process.exit(r.ok&&s!=='degraded'&&s!=='down'&&s!=='error'?0:1)},()=>process.exit(1))"]
# One-shot migration: same image, command `node main.js migrate` (docker-compose.yml: migrate-gateway).
CMD ["node", "main.js"]
