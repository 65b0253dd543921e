#!/usr/bin/env bash
# How fast the health probes answer while the API is saturated with served traffic (docs/reliability.md):
# wrk floods GET /api/counter (a call to the counter process, answered 200, never shed) with CONNECTIONS
# connections, and meanwhile PROBES requests alternate between /actuator/health/liveness and .../readiness on the
# management port, one at a time. Prints the probes' p50 / p95 / p99 / max and failures, and wrk's own figures.
#
#   src/test/perf/probes.sh            # builds the jar if it is missing; about a minute
#
# Settings (environment): PORT (18220) and MANAGEMENT_PORT (18221), CONNECTIONS (256), THREADS (2), PROBES (200),
# WARMUP (10s), JAR, JAVA. Starts the jar itself and stops it on exit. Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../../.."

PORT=${PORT:-18220}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-18221}
CONNECTIONS=${CONNECTIONS:-256}
THREADS=${THREADS:-2}
PROBES=${PROBES:-200}
WARMUP=${WARMUP:-10s}
JAR=${JAR:-target/genserver-boot-0.1.0-SNAPSHOT.jar}
if [[ -z "${JAVA:-}" ]]; then
  JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  [[ -x "$JAVA" ]] || JAVA=java
fi
API="http://127.0.0.1:$PORT"
MANAGEMENT="http://127.0.0.1:$MANAGEMENT_PORT"

command -v wrk >/dev/null 2>&1 || { echo "wrk is needed (Debian package wrk)" >&2; exit 1; }
[[ -f "$JAR" ]] || ./mvnw -q package -DskipTests

work=$(mktemp -d)
server=""; flood=""
cleanup() {
  for pid in $flood $server; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

"$JAVA" -Xmx1g -jar "$JAR" --server.port="$PORT" --management.server.port="$MANAGEMENT_PORT" \
  --logging.level.root=WARN >"$work/server.log" 2>&1 &
server=$!
deadline=$((SECONDS + 90))
until curl -fsS "$MANAGEMENT/actuator/health/readiness" 2>/dev/null | grep -q UP; do
  if ! kill -0 "$server" 2>/dev/null || ((SECONDS > deadline)); then
    echo "the service did not become ready; its log:" >&2; cat "$work/server.log" >&2; exit 1
  fi
  sleep 0.5
done

echo "== warming up: $WARMUP of wrk -c$CONNECTIONS on GET /api/counter"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$API/api/counter" >/dev/null
# The flood outlasts the probes; it is stopped once they are done.
wrk -t"$THREADS" -c"$CONNECTIONS" -d10m --latency "$API/api/counter" >"$work/wrk.txt" &
flood=$!
sleep 2

echo "== $PROBES probes while the flood runs"
failures=0
for ((i = 0; i < PROBES; i++)); do
  probe=$([[ $((i % 2)) -eq 0 ]] && echo liveness || echo readiness)
  if ! curl -fsS -o /dev/null -m 5 -w '%{time_total}\n' "$MANAGEMENT/actuator/health/$probe" >>"$work/times.txt"; then
    failures=$((failures + 1))
  fi
done
kill -INT "$flood"; wait "$flood" 2>/dev/null || true; flood=""

sort -n "$work/times.txt" | awk -v failures="$failures" '
  { t[NR] = $1 * 1000 }
  END {
    printf "probes: %d answered, %d failed; p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (goal: p99 < 100 ms)\n",
      NR, failures, t[int(NR * 0.50) + 1], t[int(NR * 0.95) + 1], t[int(NR * 0.99) + 1], t[NR] }'
echo "== the flood (wrk -t$THREADS -c$CONNECTIONS GET /api/counter)"
grep -E 'Requests/sec|Latency|99%|Non-2xx|Socket errors' "$work/wrk.txt" || true
