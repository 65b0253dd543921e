#!/usr/bin/env bash
# Jars compared one at a time, each alone on the machine: for every round, each jar in turn is started, warmed up
# with WARMUP of wrk on the counter increment, measured for DURATION, and stopped. Nothing else runs beside the
# measured app, so what an idle app costs in the background (a thread's wake-ups, a sampler) shows in its own
# figure only. Prints every round and each jar's median requests/s (docs/performance-runs.md, "What changed").
#
#   src/test/perf/alone.sh before=/tmp/before.jar after=target/genserver-boot-0.1.0-SNAPSHOT.jar \
#       bare=src/bench/bare-app/target/bare-app.jar
#
# Settings (environment): ROUNDS (3), WARMUP (15s), DURATION (15s), THREADS (2), CONNECTIONS (64), PORT (18290)
# and MANAGEMENT_PORT (18291), JAVA. Every jar must serve POST /api/counter/increment. Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../../.."

ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-15s}
DURATION=${DURATION:-15s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-18290}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-18291}
(($# > 0)) || { echo "usage: alone.sh name=jar [name=jar ...]" >&2; exit 2; }
source src/test/perf/lib.sh
require_wrk
printf 'wrk.method = "POST"\n' >"$work/post.lua"
url="http://127.0.0.1:$PORT/api/counter/increment"

echo "round|jar|requests/s" >"$work/results"
for ((round = 1; round <= ROUNDS; round++)); do
  for spec in "$@"; do
    name=${spec%%=*}
    launch "$name" "${spec#*=}" "$PORT" "$MANAGEMENT_PORT" >/dev/null
    await_ready "$name" "$MANAGEMENT_PORT"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$work/post.lua" "$url" >/dev/null
    rate=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$work/post.lua" "$url" | awk '/^Requests\/sec:/ {print $2}')
    stop "$launched"
    echo "$round|$name|$rate" | tee -a "$work/results"
  done
done

python3 - "$work/results" <<'PY'
import statistics, sys
rates = {}
for line in list(open(sys.argv[1]))[1:]:
    _, name, rate = line.strip().split("|")
    rates.setdefault(name, []).append(float(rate))
print("\n| jar | req/s per round | median |\n|---|---|---|")
for name, values in rates.items():
    print(f"| {name} | {' / '.join(f'{v:,.0f}' for v in values)} | {statistics.median(values):,.0f} |")
PY
