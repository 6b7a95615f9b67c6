# education — NATS microservice (教育救助 / 雨露计划); small HTTP port for /health/live and /health/ready.
# Build context is the repository root (see docker/README.md, needs the root .dockerignore):
#   docker build -f docker/education.Dockerfile -t poverty/education .
# All six Dockerfiles follow the same two-stage pattern (build, runtime); only the app name, port and health path differ.

# ---- build: full workspace with dev dependencies, Nx/webpack bundle -------------------------------
FROM node:20-bookworm-slim AS build
ENV CI=true NX_DAEMON=false NX_NO_CLOUD=true NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /repo
# Dependencies first, so this layer is cached until the lockfile changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# -> dist/apps/education/main.js + generated package.json and pruned package-lock.json
RUN npx nx build education

# ---- runtime: bundle + production dependencies only, non-root -------------------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3103 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
# Same layout as in the repository, so `node dist/apps/education/main.js migrate` works from /app too.
WORKDIR /app/dist/apps/education
COPY --from=build /repo/dist/apps/education/ ./
# Files stay owned by root (read-only for the app); only what the generated package.json lists.
RUN if [ -f package-lock.json ]; then npm ci --omit=dev --no-audit --no-fund; \
    else npm install --omit=dev --no-audit --no-fund; fi \
 && npm cache clean --force
USER node
EXPOSE 3103
# Healthy = HTTP 2xx and, when the body is JSON, its status is not degraded/down/error.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3103)+'/health/ready',{signal:AbortSignal.timeout(4000)}).then(async r=>{let s;try{s=JSON.parse(await r.text()).status}catch{}process.exit(r.ok&&s!=='degraded'&&s!=='down'&&s!=='error'?0:1)},()=>process.exit(1))"]
# One-shot migration: same image, command `node main.js migrate` (docker-compose.yml: migrate-education).
CMD ["node", "main.js"]
