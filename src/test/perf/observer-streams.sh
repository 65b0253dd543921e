#!/usr/bin/env bash
# What ten observer streams cost the service: its CPU time (utime + stime from /proc) over a window with no
# stream open, then over the same window with ten open (four on the overview, three on the tree, three on the
# process table ranked by mailbox depth), as a share of one core. A benchmark, not a test; docs/performance.md.
# Usage: src/test/perf/observer-streams.sh [seconds per window, default 60]   (after ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/../../.."

window=${1:-60}
source src/test/perf/lib.sh
jar=$(ls target/genserver-boot-*.jar | grep -v plain | head -n 1)
port=18381
management=18382
launch service "$jar" "$port" "$management"
pid=$launched
await_ready service "$management"
sleep 20 # past startup and the JIT's first compilations

ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
measure() {
  local before after
  before=$(cpu)
  sleep "$window"
  after=$(cpu)
  awk -v d=$((after - before)) -v t="$ticks" -v w="$window" 'BEGIN { printf "%.2f", 100 * d / t / w }'
}

idle=$(measure)
for view in overview overview overview overview tree tree tree "processes&sort=mailbox&limit=20" \
    "processes&sort=mailbox&limit=20" "processes&sort=mailbox&limit=20"; do
  curl -sN "127.0.0.1:$management/observer/stream?view=$view" >/dev/null &
  launched_pids+=("$!")
done
sleep 5
streaming=$(measure)
echo "service CPU, % of one core over ${window} s: no stream ${idle}; ten streams ${streaming}"
