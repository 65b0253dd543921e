#!/usr/bin/env bash
# HTTP throughput and latency of the packaged service, measured with wrk (docs/performance.md):
# requests/s, p50 and p99 for the counter's increment, a stack push/pop, a KV put/get, a cache get, and the bare
# Spring MVC baseline of the counter's shape (sync and async), then the counter as a share of the bare endpoint.
#
#   src/test/perf/http.sh                 # builds the jar if it is missing; about 5 minutes
#
# Settings (environment): PORT (18210), THREADS (2) and CONNECTIONS (32) for wrk, WARMUP_ROUNDS (2) of WARMUP
# (10s) per endpoint, then DURATION (20s) measured per endpoint; JAR, JAVA. Starts the jar itself and stops it
# on exit. Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../../.."

PORT=${PORT:-18210}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-18211}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
WARMUP=${WARMUP:-10s}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-2}
DURATION=${DURATION:-20s}
JAR=${JAR:-target/genserver-boot-0.1.0-SNAPSHOT.jar}
if [[ -z "${JAVA:-}" ]]; then
  JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  [[ -x "$JAVA" ]] || JAVA=java
fi
BASE="http://127.0.0.1:$PORT"
MANAGEMENT="http://127.0.0.1:$MANAGEMENT_PORT"

if ! command -v wrk >/dev/null 2>&1; then
  echo "== installing wrk (Debian package)"
  SUDO=""; [[ "$(id -u)" -eq 0 ]] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null
fi
if [[ ! -f "$JAR" ]]; then
  echo "== building $JAR"
  ./mvnw -q package -DskipTests
fi

work=$(mktemp -d)
server=""
cleanup() {
  if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then
    kill "$server"
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== starting $JAR on port $PORT"
"$JAVA" -jar "$JAR" --server.port="$PORT" --management.server.port="$MANAGEMENT_PORT" \
  --genserver.baseline.enabled=true --logging.level.root=WARN \
  >"$work/server.log" 2>&1 &
server=$!
deadline=$((SECONDS + 90))
until curl -fsS "$MANAGEMENT/actuator/health/readiness" 2>/dev/null | grep -q UP; do
  if ! kill -0 "$server" 2>/dev/null || ((SECONDS > deadline)); then
    echo "the service did not become ready; its log:" >&2
    cat "$work/server.log" >&2
    exit 1
  fi
  sleep 0.5
done

# ---- the data the requests work on ----------------------------------------------------------------------------
json_id() { sed -E 's/.*"id":"([^"]+)".*/\1/'; }
items=$(printf '1,%.0s' $(seq 1 1000)); items="[${items%,}]"
stack=$(curl -fsS -X POST -H 'Content-Type: application/json' -d "{\"items\":$items}" "$BASE/api/stacks" | json_id)
store=$(curl -fsS -X POST "$BASE/api/kv" | json_id)
for i in $(seq 0 99); do
  curl -fsS -X PUT -H 'Content-Type: application/json' -d '1' "$BASE/api/kv/$store/entries/k$i"
done
curl -fsS -X PUT -H 'Content-Type: application/json' -d '{"hello":"world"}' "$BASE/api/cache/entries/bench"

cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
LUA
# Push then pop on every connection; the stack starts with 1,000 items so a pop never finds it empty.
cat >"$work/stack.lua" <<LUA
local n = 0
request = function()
  n = n + 1
  if n % 2 == 1 then
    return wrk.format("POST", "/api/stacks/$stack/push", {["Content-Type"] = "application/json"}, '{"item":1}')
  end
  return wrk.format("POST", "/api/stacks/$stack/pop")
end
LUA
# Put then get over 100 keys, all present from the start.
cat >"$work/kv.lua" <<LUA
local n = 0
request = function()
  n = n + 1
  local path = "/api/kv/$store/entries/k" .. (math.floor(n / 2) % 100)
  if n % 2 == 1 then
    return wrk.format("PUT", path, {["Content-Type"] = "application/json"}, "1")
  end
  return wrk.format("GET", path)
end
LUA

# name | wrk script ("" for a GET) | path
endpoints=(
  "baseline sync (POST /api/baseline/increment)|post.lua|/api/baseline/increment"
  "baseline async (POST /api/baseline/increment-async)|post.lua|/api/baseline/increment-async"
  "counter (POST /api/counter/increment)|post.lua|/api/counter/increment"
  "stack push/pop|stack.lua|/"
  "kv put/get|kv.lua|/"
  "cache get (GET /api/cache/entries/bench)||/api/cache/entries/bench"
)

run_wrk() { # duration script path [extra wrk args]
  local script=()
  [[ -n "$2" ]] && script=(-s "$work/$2")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" "${script[@]}" "${@:4}" "$BASE$3"
}

echo "== warming up: $WARMUP_ROUNDS rounds of $WARMUP per endpoint"
for ((round = 1; round <= WARMUP_ROUNDS; round++)); do
  for entry in "${endpoints[@]}"; do
    IFS='|' read -r name script path <<<"$entry"
    run_wrk "$WARMUP" "$script" "$path" >/dev/null
  done
done

echo "== measuring: $DURATION per endpoint, wrk -t$THREADS -c$CONNECTIONS, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| endpoint | requests/s | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|"
declare -A rps
for entry in "${endpoints[@]}"; do
  IFS='|' read -r name script path <<<"$entry"
  out=$(run_wrk "$DURATION" "$script" "$path" --latency)
  rate=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")
  rps[$name]=$rate
  printf '| %s | %.0f | %s | %s | %s |\n' "$name" "$rate" "$p50" "$p99" "${errors:-0}"
done
echo
counter=${rps["counter (POST /api/counter/increment)"]}
bare=${rps["baseline sync (POST /api/baseline/increment)"]}
awk -v c="$counter" -v b="$bare" 'BEGIN {
  printf "counter / bare endpoint: %.0f%% (goal >= 90%%)\n", 100 * c / b }'
