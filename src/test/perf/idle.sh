#!/usr/bin/env bash
# What each app costs while nobody uses it: CPU ticks (1/100 s, from /proc/PID/task/*/stat) per thread over
# DURATION, after start-up, one request and a settling SETTLE. Every jar runs at once, each in its own JVM, all
# idle. Linux charges CPU by the scheduler tick, so a thread that runs microseconds at a time is counted coarsely;
# the figure to read is which threads wake at all (docs/performance-runs.md, "Idle").
#
#   src/test/perf/idle.sh service=target/genserver-boot-0.1.0-SNAPSHOT.jar bare=src/bench/bare-app/target/bare-app.jar
#
# Settings (environment): DURATION (30 s), SETTLE (20 s), PORT (18300: the first jar gets PORT and PORT+1 for its
# management port, the next PORT+2 and PORT+3, …), JAVA. Linux only. Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../../.."

DURATION=${DURATION:-30}
SETTLE=${SETTLE:-20}
PORT=${PORT:-18300}
(($# > 0)) || { echo "usage: idle.sh name=jar [name=jar ...]" >&2; exit 2; }
source src/test/perf/lib.sh

names=() pids=() port=$PORT
for spec in "$@"; do
  name=${spec%%=*}
  launch "$name" "${spec#*=}" "$port" "$((port + 1))" >/dev/null
  await_ready "$name" "$((port + 1))"
  # The increment where the app has one (both apps here do); a request either way, so lazy start-up is over.
  curl -s -o /dev/null -X POST "http://127.0.0.1:$port/api/counter/increment" || true
  names+=("$name") pids+=("$launched") port=$((port + 2))
done
sleep "$SETTLE"

snapshot() { # pid: "thread-id|name|ticks" per thread
  for task in /proc/"$1"/task/*; do
    echo "${task##*/}|$(tr '|' '_' <"$task/comm")|$(awk '{print $14 + $15}' "$task/stat")"
  done 2>/dev/null
}
for i in "${!pids[@]}"; do snapshot "${pids[$i]}" >"$work/before-$i"; done
sleep "$DURATION"
for i in "${!pids[@]}"; do snapshot "${pids[$i]}" >"$work/after-$i"; done

for i in "${!pids[@]}"; do
  echo "== ${names[$i]}: CPU ticks in ${DURATION} s, per thread that ran"
  join -t'|' <(sort -t'|' -k1,1 "$work/before-$i") <(sort -t'|' -k1,1 "$work/after-$i") \
    | awk -F'|' '{ d = $5 - $3; total += d; if (d > 0) printf "%6d  %s\n", d, $2 } END { printf "%6d  total\n", total }' \
    | sort -rn
done
