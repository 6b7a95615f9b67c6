#!/usr/bin/env bash
# Static validation of the container deployment (no Docker engine needed):
#   1. docker-compose.yml parses under Debian's docker-compose 1.29 (`config -q`), with dummy secrets
#   2. every required secret is enforced (`${VAR:?...}`): removing any one makes `config` fail
#   3. policy of the resolved compose model (services, users, limits, dependencies, ports, volumes)
#   4. Dockerfile sanity per app (multi-stage, non-root, HEALTHCHECK, production deps only, ...)
#   5. NATS configs: structure, and `nats-server -t` when nats-server is installed
#   6. live NATS permission smoke test of docker/nats/auth.conf on a loopback port, when nats-server,
#      node and the workspace's `nats` package are present (skip: --static-only or SKIP_LIVE_NATS=1)
#   7. build context hygiene (root .dockerignore), warnings only
#   8. tools/deploy/gen-secrets.sh: its .env satisfies compose, and (when node and the workspace's
#      ts-node are present) the apps' own code accepts what compose hands them: the gateway's
#      production config check passes and a principal it signs verifies with each service's key
#
# Usage: tools/deploy/validate-compose.sh [--static-only]
# Installs docker-compose from Debian when it is missing (needs root). Exit status 0 = all passed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT" || exit 2

STATIC_ONLY=${SKIP_LIVE_NATS:-0}
[[ "${1:-}" == "--static-only" ]] && STATIC_ONLY=1

APPS=(gateway identification housing medical education exit-verification)
SECRETS=(POSTGRES_PASSWORD PRINCIPAL_PRIVATE_KEY PRINCIPAL_PUBLIC_KEY JWT_SECRET
  NATS_GATEWAY_PASSWORD NATS_IDENTIFICATION_PASSWORD NATS_HOUSING_PASSWORD
  NATS_MEDICAL_PASSWORD NATS_EDUCATION_PASSWORD NATS_EXIT_VERIFICATION_PASSWORD)

PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok    $*"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL  $*"; }
warn() { echo "WARN  $*"; }
die() { echo "validate-compose: $*" >&2; exit 2; }

TMP=$(mktemp -d)
NATS_PID=
cleanup() {
  [[ -n "$NATS_PID" ]] && kill "$NATS_PID" 2>/dev/null && wait "$NATS_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

# --- 0. tools -------------------------------------------------------------------------------------
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "docker-compose not found: installing Debian's package (static validation only, no engine needed)"
  [[ $(id -u) -eq 0 ]] || die "docker-compose is missing and this is not root: run 'apt-get install -y docker-compose'"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends docker-compose; } >"$TMP/apt.log" 2>&1 ||
    { cat "$TMP/apt.log" >&2; die "could not install docker-compose"; }
fi
echo "using $(docker-compose version --short 2>/dev/null || docker-compose version | head -1)"
command -v python3 >/dev/null || die "python3 is required"
python3 -c 'import yaml' 2>/dev/null || die "python3-yaml is required (a dependency of Debian's docker-compose)"

# Hermetic environment: dummy secrets from a temp env file, never the county's real .env, and none
# of the caller's variables that the compose file reads.
for v in "${SECRETS[@]}" POSTGRES_USER POSTGRES_DB POSTGRES_HOST POSTGRES_PORT LOG_LEVEL APP_NODE_OPTIONS \
  GATEWAY_BIND GATEWAY_PORT IMAGE_PREFIX IMAGE_TAG IDENTIFICATION_NOTICE_PERIOD HOUSING_NOTICE_PERIOD \
  MEDICAL_NOTICE_PERIOD EDUCATION_NOTICE_PERIOD EXIT_VERIFICATION_NOTICE_PERIOD PRINCIPAL_SIGNING_KEY \
  SEED_DEMO_ACCOUNTS TRUST_PROXY METRICS_TOKEN PRINCIPAL_TTL_SECONDS ACCESS_TOKEN_TTL_SECONDS \
  REFRESH_TOKEN_TTL_SECONDS LOGIN_MAX_FAILURES LOGIN_LOCKOUT_SECONDS SESSION_CHECK_CACHE_MS \
  OBJECTION_RATE_LIMIT OBJECTION_RATE_WINDOW_SECONDS; do
  unset "$v"
done
DUMMY_ENV="$TMP/dummy.env"
: >"$DUMMY_ENV"
i=0
for v in "${SECRETS[@]}"; do
  i=$((i + 1))
  echo "$v=dummy${i}x$(printf '%s' "$v" | tr 'A-Z_' 'a-z0')" >>"$DUMMY_ENV"
done
compose() { docker-compose --project-directory "$ROOT" -f "$ROOT/docker-compose.yml" --env-file "$1" "${@:2}"; }

# --- 1. config -q ---------------------------------------------------------------------------------
[[ -f docker-compose.yml ]] || die "docker-compose.yml not found in $ROOT"
if compose "$DUMMY_ENV" config -q 2>"$TMP/config.err"; then
  ok "compose: docker-compose -f docker-compose.yml config -q (dummy secrets)"
else
  bad "compose: docker-compose config -q failed:"
  sed 's/^/      /' "$TMP/config.err"
fi
compose "$DUMMY_ENV" config >"$TMP/resolved.yml" 2>/dev/null || : >"$TMP/resolved.yml"

# --- 2. every secret is required ------------------------------------------------------------------
for v in "${SECRETS[@]}"; do
  grep -v "^$v=" "$DUMMY_ENV" >"$TMP/missing.env"
  if compose "$TMP/missing.env" config -q 2>"$TMP/missing.err"; then
    bad "compose: starts without $v (it must be \${$v:?...})"
  elif grep -q "$v" "$TMP/missing.err"; then
    ok "compose: refuses to start without $v, naming it"
  else
    bad "compose: fails without $v but the message does not name it: $(head -c 300 "$TMP/missing.err")"
  fi
done

# --- 3. policy of the resolved model --------------------------------------------------------------
python3 - "$TMP/resolved.yml" "$DUMMY_ENV" <<'PY' >"$TMP/policy.out"
import os, re, sys, yaml

resolved, env_file = sys.argv[1], sys.argv[2]
cfg = yaml.safe_load(open(resolved)) or {}
secrets = dict(l.strip().split('=', 1) for l in open(env_file) if '=' in l)
svcs = cfg.get('services', {})
apps = ['gateway', 'identification', 'housing', 'medical', 'education', 'exit-verification']
services = apps[1:]
health_ports = {'identification': '3100', 'housing': '3101', 'medical': '3102',
                'education': '3103', 'exit-verification': '3104'}

def check(cond, msg):
    print(('ok    ' if cond else 'FAIL  ') + 'compose: ' + msg)

def env(s):
    return svcs.get(s, {}).get('environment', {}) or {}

def mem_mb(v):
    if v is None: return None
    m = re.fullmatch(r'(\d+)([bkmg]?)b?', str(v).lower())
    if not m: return None
    n, u = int(m.group(1)), m.group(2)
    return n / 2**20 if u in ('', 'b') else n / 1024 if u == 'k' else n if u == 'm' else n * 1024

def dep(s, on):
    return (svcs.get(s, {}).get('depends_on') or {}).get(on, {}).get('condition')

check(str(cfg.get('version')) == '3.8', 'file format version "3.8"')
expected = {'postgres', 'nats-1', 'nats-2', 'nats-3', *apps, *('migrate-' + a for a in apps)}
check(set(svcs) == expected,
      'services are postgres, nats-1..3, the six apps and migrate-<app> for each'
      + ('' if set(svcs) == expected else f' (missing {sorted(expected - set(svcs))}, extra {sorted(set(svcs) - expected)})'))

# postgres
pg = svcs.get('postgres', {})
check(str(pg.get('image', '')).startswith('postgres:15'), 'postgres uses postgres:15')
check(any(':/var/lib/postgresql/data' in str(v) for v in pg.get('volumes', [])), 'postgres data on a volume')
check('pg_isready' in ' '.join(map(str, (pg.get('healthcheck') or {}).get('test', []))), 'postgres healthcheck uses pg_isready')
check(not pg.get('ports'), 'postgres port is not published')

# nats
for n in (1, 2, 3):
    s = svcs.get(f'nats-{n}', {})
    cmd = [str(c) for c in s.get('command', [])]
    hc = ' '.join(map(str, (s.get('healthcheck') or {}).get('test', [])))
    check(s.get('image') == 'nats:2.10-alpine', f'nats-{n} uses nats:2.10-alpine')
    check('-js' in cmd and f'/etc/nats/nats-{n}.conf' in cmd, f'nats-{n} runs -js with /etc/nats/nats-{n}.conf')
    check('-m' in cmd and '8222' in cmd and 'wget' in hc and ':8222/healthz' in hc,
          f'nats-{n} monitoring on 8222 with a wget /healthz healthcheck')
    check(any(str(v).endswith(':/data') or ':/data:' in str(v) for v in s.get('volumes', [])), f'nats-{n} JetStream store on a volume')
    check(not s.get('ports'), f'nats-{n} ports are not published')
    check(all(env(f'nats-{n}').get(f'NATS_{a.upper().replace("-", "_")}_PASSWORD') for a in apps),
          f'nats-{n} receives every app\'s NATS password')

# principal keys: the gateway signs with the Ed25519 private key, the services verify with the
# public key only; the old shared HMAC key is gone everywhere.
priv, pub = secrets.get('PRINCIPAL_PRIVATE_KEY'), secrets.get('PRINCIPAL_PUBLIC_KEY')
for g_ in ('gateway', 'migrate-gateway'):
    check(env(g_).get('PRINCIPAL_PRIVATE_KEY') == priv, f'{g_} has PRINCIPAL_PRIVATE_KEY')
    check(env(g_).get('PRINCIPAL_PUBLIC_KEY') in (None, pub), f'{g_} PRINCIPAL_PUBLIC_KEY, if set, is the public key (checked to match at start)')
for s_ in services + ['migrate-' + x for x in services]:
    e = env(s_)
    check(e.get('PRINCIPAL_PUBLIC_KEY') == pub and 'PRINCIPAL_PRIVATE_KEY' not in e,
          f'{s_} has PRINCIPAL_PUBLIC_KEY and no PRINCIPAL_PRIVATE_KEY')
leaks = sorted(n for n in svcs if n not in ('gateway', 'migrate-gateway')
               and any(priv and priv in str(v) for v in env(n).values()))
check(not leaks, 'the private key reaches no container but gateway and migrate-gateway' + (f' (leaks to {leaks})' if leaks else ''))
legacy = sorted(n for n in svcs if 'PRINCIPAL_SIGNING_KEY' in env(n))
check(not legacy, 'no container receives the retired PRINCIPAL_SIGNING_KEY' + (f' ({legacy})' if legacy else ''))

# gateway settings: migrate-gateway runs the same configuration check and seeds the demo accounts
ge, me = env('gateway'), env('migrate-gateway')
check(str(ge.get('SEED_DEMO_ACCOUNTS')) == '0' and str(me.get('SEED_DEMO_ACCOUNTS')) == '0',
      'SEED_DEMO_ACCOUNTS defaults to 0 on gateway and migrate-gateway')
gateway_settings = ['TRUST_PROXY', 'METRICS_TOKEN', 'PRINCIPAL_TTL_SECONDS', 'ACCESS_TOKEN_TTL_SECONDS',
                    'REFRESH_TOKEN_TTL_SECONDS', 'LOGIN_MAX_FAILURES', 'LOGIN_LOCKOUT_SECONDS',
                    'SESSION_CHECK_CACHE_MS', 'OBJECTION_RATE_LIMIT', 'OBJECTION_RATE_WINDOW_SECONDS']
missing = [k for k in gateway_settings if k not in ge]
check(not missing, 'gateway passes TRUST_PROXY, METRICS_TOKEN and the security settings' + (f' (missing {missing})' if missing else ''))
check(all(ge.get(k) in ('', None) for k in gateway_settings),
      'optional gateway settings are empty (= the gateway\'s defaults) when .env leaves them out')
diff = sorted(k for k in set(ge) | set(me) if k != 'PORT' and ge.get(k) != me.get(k))
check(not diff, 'migrate-gateway has the gateway\'s environment' + (f' (differs in {diff})' if diff else ''))
for s_ in services:
    check(str(env(s_).get('NATS_STREAM_REPLICAS')) == '3', f'{s_} NATS_STREAM_REPLICAS=3')

# apps and their migrations
nats_pw = {a: env(a).get('NATS_PASSWORD') for a in apps}
check(len(set(nats_pw.values())) == len(apps), 'each app has its own NATS password')
for a in apps:
    s, m = svcs.get(a, {}), svcs.get('migrate-' + a, {})
    e = env(a)
    var = f'NATS_{a.upper().replace("-", "_")}_PASSWORD'
    dockerfile = (s.get('build') or {}).get('dockerfile')
    check(dockerfile == f'docker/{a}.Dockerfile' and os.path.isfile(dockerfile or ''),
          f'{a} builds from docker/{a}.Dockerfile (exists)')
    check(m.get('image') == s.get('image') and (m.get('build') or {}).get('dockerfile') == dockerfile,
          f'migrate-{a} uses the {a} image')
    check(m.get('command', [])[-1:] == ['migrate'] and str(m.get('restart')) == 'no',
          f'migrate-{a} is a one-shot "... migrate" (restart "no")')
    check(dep('migrate-' + a, 'postgres') == 'service_healthy', f'migrate-{a} waits for postgres healthy')
    check(e.get('NATS_USER') == a and e.get('NATS_PASSWORD') == secrets.get(var),
          f'{a} connects as NATS user "{a}" with {var}')
    check(env('migrate-' + a).get('DATABASE_URL') == e.get('DATABASE_URL'), f'migrate-{a} migrates the database {a} uses')
    check(str(e.get('DATABASE_URL', '')).startswith('postgres://') and '@postgres:5432/' in str(e.get('DATABASE_URL', '')),
          f'{a} DATABASE_URL points at postgres:5432')
    check(len([u for u in str(e.get('NATS_SERVERS', '')).split(',') if u.startswith('nats://')]) == 3,
          f'{a} NATS_SERVERS lists the three nodes')
    check(e.get('NODE_ENV') == 'production' and 'LOG_LEVEL' in e, f'{a} NODE_ENV=production, LOG_LEVEL set')
    mb = mem_mb(s.get('mem_limit'))
    check(mb is not None and mb <= 256, f'{a} mem_limit <= 256m (is {s.get("mem_limit")})')
    check(all(dep(a, d) == 'service_healthy' for d in ('postgres', 'nats-1', 'nats-2', 'nats-3'))
          and dep(a, 'migrate-' + a) == 'service_completed_successfully',
          f'{a} waits for postgres + nats healthy and migrate-{a} completed')
    check(s.get('restart') == 'unless-stopped', f'{a} restart: unless-stopped')
    check(s.get('read_only') is True and 'ALL' in (s.get('cap_drop') or []), f'{a} read-only root fs, all capabilities dropped')
    check('container_name' not in s, f'{a} has no container_name (scalable)')
for a in services:
    e = env(a)
    check(e.get('NOTICE_PERIOD', '').startswith('P') and str(e.get('PORT')) == health_ports[a],
          f'{a} NOTICE_PERIOD set, health PORT {health_ports[a]}')
    check(not svcs.get(a, {}).get('ports'), f'{a} publishes no port (health stays inside the network)')
    check('JWT_SECRET' not in e, f'{a} does not receive JWT_SECRET')
g = svcs.get('gateway', {})
check(env('gateway').get('JWT_SECRET') == secrets.get('JWT_SECRET') and str(env('gateway').get('PORT')) == '3000',
      'gateway has JWT_SECRET and PORT 3000')
def port_pair(p):  # -> (published, target) from '0.0.0.0:3000:3000/tcp' or the long syntax
    if isinstance(p, dict):
        return str(p.get('published')), str(p.get('target'))
    parts = str(p).split('/')[0].split(':')
    return (parts[-2] if len(parts) > 1 else None), parts[-1]
check(('3000', '3000') in [port_pair(p) for p in g.get('ports') or []], 'gateway publishes port 3000 (host) -> 3000')
check(all(dep('gateway', s) == 'service_healthy' for s in services), 'gateway starts after the five services are healthy')
for vol in ('pgdata', 'nats-1-data', 'nats-2-data', 'nats-3-data'):
    check(vol in (cfg.get('volumes') or {}), f'named volume {vol}')
PY
cat "$TMP/policy.out"
PASS=$((PASS + $(grep -c '^ok' "$TMP/policy.out")))
FAIL=$((FAIL + $(grep -c '^FAIL' "$TMP/policy.out")))
[[ -s "$TMP/policy.out" ]] || bad "compose: policy checks produced no output (python error above?)"

# --- 4. Dockerfiles -------------------------------------------------------------------------------
for app in "${APPS[@]}"; do
  f="docker/$app.Dockerfile"
  if [[ ! -f "$f" ]]; then bad "$f: missing"; continue; fi
  froms=$(grep -cE '^FROM[[:space:]]' "$f")
  [[ $froms -ge 2 ]] && ok "$f: multi-stage ($froms FROM)" || bad "$f: needs at least two FROM stages (has $froms)"
  if grep -E '^FROM[[:space:]]' "$f" | grep -vqE '^FROM[[:space:]]+node:20-bookworm-slim([[:space:]]|$)'; then
    bad "$f: every stage must be FROM node:20-bookworm-slim"
  else ok "$f: stages FROM node:20-bookworm-slim"; fi
  grep -qE '^FROM[[:space:]].*[[:space:]]AS[[:space:]]+build$' "$f" && grep -qE '^FROM[[:space:]].*[[:space:]]AS[[:space:]]+runtime$' "$f" &&
    ok "$f: has build and runtime stages" || bad "$f: needs stages named build and runtime"
  last_user=$(grep -E '^USER[[:space:]]' "$f" | tail -1 | awk '{print $2}')
  [[ "$last_user" == node ]] && ok "$f: runs as USER node" || bad "$f: final USER must be node (is '${last_user:-root}')"
  # USER node must come after the last FROM (i.e. belong to the runtime stage)
  awk '/^FROM[ \t]/{u=0} /^USER[ \t]+node/{u=1} END{exit !u}' "$f" && ok "$f: USER node is in the final stage" ||
    bad "$f: USER node must be in the final stage"
  grep -qE '^HEALTHCHECK[[:space:]]' "$f" && ok "$f: has a HEALTHCHECK" || bad "$f: no HEALTHCHECK"
  if [[ $app == gateway ]]; then health=/api/v1/health/ready; else health=/health/ready; fi
  grep -A2 -E '^HEALTHCHECK' "$f" | grep -q "fetch(.*$health" && ok "$f: HEALTHCHECK fetches $health" ||
    bad "$f: HEALTHCHECK should fetch $health with node's fetch"
  grep -qE '^ENV[[:space:]]+NODE_ENV=production' "$f" && ok "$f: ENV NODE_ENV=production" || bad "$f: missing ENV NODE_ENV=production"
  grep -qE '^[[:space:]]+HOST=0\.0\.0\.0' "$f" && ok "$f: ENV HOST=0.0.0.0 (listen beyond loopback)" || bad "$f: runtime needs ENV HOST=0.0.0.0"
  grep -qE 'npm (ci|install) .*--omit=dev' "$f" && ok "$f: installs production dependencies only" ||
    bad "$f: runtime must install with --omit=dev"
  grep -qE "^RUN npm ci" "$f" && ok "$f: build stage uses npm ci" || bad "$f: build stage should run npm ci"
  if grep -qE "^RUN npx nx (build $app\$|run-many .*-p .*\b$app\b)" "$f"; then ok "$f: builds $app with nx"; else bad "$f: must run 'npx nx build $app'"; fi
  grep -q "COPY --from=build /repo/dist/apps/$app/" "$f" && ok "$f: runtime copies dist/apps/$app" || bad "$f: runtime must copy dist/apps/$app from the build stage"
  grep -qE '^CMD \["node", ?"main.js"\]$' "$f" && ok "$f: CMD [\"node\",\"main.js\"]" || bad "$f: CMD must be [\"node\",\"main.js\"]"
  grep -qiE '^(ARG|ENV)[[:space:]].*(PASSWORD|SECRET|SIGNING_KEY|PRIVATE_KEY|METRICS_TOKEN)' "$f" && bad "$f: secrets must not be baked in (ARG/ENV)" ||
    ok "$f: no secrets in ARG/ENV"
done
grep -qE 'run-many .*-p .*\bportal\b' docker/gateway.Dockerfile && grep -q 'dist/apps/portal' docker/gateway.Dockerfile &&
  ok "docker/gateway.Dockerfile: builds the portal and ships dist/apps/portal" ||
  bad "docker/gateway.Dockerfile: must build portal and copy dist/apps/portal"

# --- 5. NATS configs ------------------------------------------------------------------------------
for n in 1 2 3; do
  f="docker/nats/nats-$n.conf"
  if [[ ! -f "$f" ]]; then bad "$f: missing"; continue; fi
  grep -qE "^server_name:[[:space:]]*nats-$n$" "$f" && ok "$f: server_name nats-$n" || bad "$f: server_name must be nats-$n"
  grep -qE '^[[:space:]]*store_dir:' "$f" && ok "$f: jetstream store_dir" || bad "$f: jetstream store_dir missing"
  routes=$(grep -cE 'nats-route://nats-[123]:6222' "$f")
  [[ $routes -eq 3 ]] && ok "$f: cluster routes to nats-1..3" || bad "$f: expected routes to nats-1..3 (found $routes)"
  grep -qE '^include[[:space:]]+\./auth\.conf' "$f" && ok "$f: includes auth.conf" || bad "$f: must include ./auth.conf"
done
for app in "${APPS[@]}"; do
  var="NATS_$(echo "$app" | tr 'a-z-' 'A-Z_')_PASSWORD"
  grep -qE "user:[[:space:]]*$app,[[:space:]]*password:[[:space:]]*\\\$$var," docker/nats/auth.conf &&
    ok "docker/nats/auth.conf: user $app with password \$$var" || bad "docker/nats/auth.conf: no user $app with password \$$var"
done
NATS_ENV=()
for app in "${APPS[@]}"; do
  var="NATS_$(echo "$app" | tr 'a-z-' 'A-Z_')_PASSWORD"
  NATS_ENV+=("$var=p$(printf '%s' "$app" | tr -dc 'a-z')Smoke1")
done
if command -v nats-server >/dev/null 2>&1; then
  for n in 1 2 3; do
    if out=$(env "${NATS_ENV[@]}" nats-server -t -c "docker/nats/nats-$n.conf" 2>&1); then
      ok "docker/nats/nats-$n.conf: nats-server -t ($(nats-server --version 2>&1 | head -1))"
    else
      bad "docker/nats/nats-$n.conf: nats-server -t: $out"
    fi
  done
else
  warn "nats-server not installed: NATS configs checked by grep only (apt-get install nats-server for more)"
fi

# --- 6. live NATS permission smoke test -----------------------------------------------------------
if [[ $STATIC_ONLY == 1 ]]; then
  warn "live NATS permission test skipped (--static-only / SKIP_LIVE_NATS=1)"
elif ! command -v nats-server >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1 || [[ ! -d node_modules/nats ]]; then
  warn "live NATS permission test skipped (needs nats-server, node and node_modules/nats)"
else
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$TMP/nats/js"
  cp docker/nats/auth.conf "$TMP/nats/auth.conf"
  cat >"$TMP/nats/smoke.conf" <<EOF
listen: 127.0.0.1:$port
jetstream { store_dir: "$TMP/nats/js", max_memory_store: 16MB, max_file_store: 64MB }
include ./auth.conf
EOF
  env "${NATS_ENV[@]}" nats-server -c "$TMP/nats/smoke.conf" >"$TMP/nats/server.log" 2>&1 &
  NATS_PID=$!
  for _ in $(seq 50); do
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
  if env "${NATS_ENV[@]}" NATS_URL="nats://127.0.0.1:$port" timeout 60 node tools/deploy/nats-permissions-smoke.mjs >"$TMP/smoke.out" 2>&1; then :; fi
  grep -E '^(ok|FAIL)' "$TMP/smoke.out"
  s_ok=$(grep -c '^ok' "$TMP/smoke.out")
  s_fail=$(grep -c '^FAIL' "$TMP/smoke.out")
  PASS=$((PASS + s_ok))
  FAIL=$((FAIL + s_fail))
  if [[ $s_ok -eq 0 && $s_fail -eq 0 ]]; then
    bad "live NATS permission test did not run:"
    sed 's/^/      /' "$TMP/smoke.out" "$TMP/nats/server.log" | tail -20
  fi
  kill "$NATS_PID" 2>/dev/null
  wait "$NATS_PID" 2>/dev/null
  NATS_PID=
fi

# --- 7. build context hygiene (root .dockerignore is the lead's file) -----------------------------
if [[ ! -f .dockerignore ]]; then
  warn ".dockerignore missing at the repository root: the build context would include node_modules, dist, .git and .env (see docker/README.md)"
else
  for pat in node_modules dist .git .env; do
    grep -qxE "(\*\*/)?/?${pat//./\\.}/?" .dockerignore || warn ".dockerignore does not exclude $pat"
  done
fi

# --- 8. gen-secrets.sh output against compose and the apps' own code ------------------------------
GEN_ENV="$TMP/generated.env"
if ! bash tools/deploy/gen-secrets.sh >"$GEN_ENV" 2>"$TMP/gen.err"; then
  bad "tools/deploy/gen-secrets.sh failed: $(head -c 300 "$TMP/gen.err")"
else
  gen_missing=$(for v in "${SECRETS[@]}"; do grep -q "^$v=." "$GEN_ENV" || echo "$v"; done)
  [[ -z "$gen_missing" ]] && ok "gen-secrets.sh: sets every required secret" || bad "gen-secrets.sh: does not set $(echo $gen_missing)"
  grep -q '^PRINCIPAL_SIGNING_KEY=' "$GEN_ENV" && bad "gen-secrets.sh: still prints the retired PRINCIPAL_SIGNING_KEY" ||
    ok "gen-secrets.sh: no PRINCIPAL_SIGNING_KEY"
  if grep -E '^(POSTGRES_PASSWORD|JWT_SECRET|METRICS_TOKEN|NATS_[A-Z_]+_PASSWORD)=' "$GEN_ENV" | cut -d= -f2- | grep -qvE '^[A-Za-z][A-Za-z0-9]+$'; then
    bad "gen-secrets.sh: a password/token is not letters and digits starting with a letter"
  else ok "gen-secrets.sh: passwords and tokens are letters and digits, starting with a letter"; fi
  grep -E '^PRINCIPAL_(PRIVATE|PUBLIC)_KEY=' "$GEN_ENV" | cut -d= -f2- | grep -qvE '^[A-Za-z0-9_-]{43}$' &&
    bad "gen-secrets.sh: principal keys must be 32 raw bytes as unpadded base64url (43 chars)" ||
    ok "gen-secrets.sh: principal keys are 32 raw bytes as unpadded base64url"
  if compose "$GEN_ENV" config -q 2>"$TMP/gen-config.err"; then
    ok "gen-secrets.sh: its .env passes docker-compose config -q"
  else
    bad "gen-secrets.sh: docker-compose config -q with its .env failed: $(head -c 300 "$TMP/gen-config.err")"
  fi
  if ! command -v node >/dev/null 2>&1 || [[ ! -d node_modules/ts-node || ! -d node_modules/tsconfig-paths ]]; then
    warn "key check with the apps' code skipped (needs node and node_modules/ts-node, tsconfig-paths)"
  else
    # The environment compose would give each container, resolved with the generated .env.
    compose "$GEN_ENV" config 2>/dev/null | python3 -c '
import json, sys, yaml
svcs = (yaml.safe_load(sys.stdin) or {}).get("services", {})
json.dump({n: {k: ("" if v is None else str(v)) for k, v in (s.get("environment") or {}).items()} for n, s in svcs.items()}, sys.stdout)
' >"$TMP/gen-envs.json"
    cat >"$TMP/keycheck.js" <<'JS'
// Runs the apps' own parsers on the environment compose resolves from gen-secrets.sh's .env.
const envs = require(process.argv[2]);
const auth = require('@poverty/auth');
const { loadGatewayConfig } = require(require('node:path').resolve('apps/gateway/src/app/common/config'));
const say = (ok, msg) => console.log((ok ? 'ok    ' : 'FAIL  ') + 'keys: ' + msg);
const services = ['identification', 'housing', 'medical', 'education', 'exit-verification'];
let config;
try {
  config = loadGatewayConfig(envs.gateway);
  say(config.production && !config.seedDemoAccounts && config.trustProxy === false && !!config.metricsToken,
    'gateway production config check passes (demo accounts off, TRUST_PROXY off, METRICS_TOKEN set)');
} catch (e) { say(false, 'gateway config refused: ' + e.message.replace(/\s+/g, ' ')); }
if (config) {
  const actor = { userId: 'u-keycheck', roles: ['auditor'] };
  const binding = { correlationId: 'c-keycheck', payload: { caseId: 'x' } };
  const token = auth.signPrincipal(actor, config.principalKey, 30, binding);
  for (const s of services) {
    try {
      const env = envs[s];
      const key = auth.principalKeyFromEnv(env);
      const r = auth.verifyPrincipal(token, key, binding);
      const forged = auth.verifyPrincipal(auth.signPrincipal(actor, auth.DEV_PRINCIPAL_PRIVATE_KEY, 30, binding), key, binding);
      say(r.ok && !forged.ok && !('PRINCIPAL_PRIVATE_KEY' in env),
        `${s} verifies the gateway's principal with PRINCIPAL_PUBLIC_KEY and refuses one signed with another key`);
    } catch (e) { say(false, `${s}: ${e.message}`); }
  }
}
const legacy = { ...envs.gateway, PRINCIPAL_PRIVATE_KEY: '', PRINCIPAL_PUBLIC_KEY: '', PRINCIPAL_SIGNING_KEY: 'x'.repeat(48) };
try { loadGatewayConfig(legacy); say(false, 'gateway accepted the retired PRINCIPAL_SIGNING_KEY'); }
catch (e) { say(/PRINCIPAL_SIGNING_KEY/.test(e.message), 'gateway refuses to start with only the retired PRINCIPAL_SIGNING_KEY'); }
JS
    if NODE_ENV=production TS_NODE_PROJECT=tsconfig.base.json timeout 120 node -r ts-node/register/transpile-only \
      -r tsconfig-paths/register "$TMP/keycheck.js" "$TMP/gen-envs.json" >"$TMP/keycheck.out" 2>&1; then :; fi
    grep -E '^(ok|FAIL)' "$TMP/keycheck.out"
    k_ok=$(grep -c '^ok' "$TMP/keycheck.out")
    k_fail=$(grep -c '^FAIL' "$TMP/keycheck.out")
    PASS=$((PASS + k_ok))
    FAIL=$((FAIL + k_fail))
    if [[ $k_ok -eq 0 && $k_fail -eq 0 ]]; then
      bad "key check with the apps' code did not run:"
      sed 's/^/      /' "$TMP/keycheck.out" | tail -20
    fi
  fi
fi

echo
echo "validate-compose: $PASS passed, $FAIL failed"
if [[ $FAIL -gt 0 ]]; then
  echo "validate-compose: FAILED — fix the FAIL lines above" >&2
  exit 1
fi
echo "validate-compose: OK (static validation; no image was built, no container was started)"
