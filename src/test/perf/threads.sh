#!/usr/bin/env bash
# Where each app's CPU goes under load: CPU ticks (1/100 s, from /proc/PID/task/*/stat) per thread group (names
# with their digits folded: ForkJoinPool-#-worker-# are the virtual threads' carriers, C# CompilerThre the JIT,
# GC Thread#, http-nio-# Tomcat's poller and acceptor, genserver-* the runtime's own), per million requests of wrk
# on the counter increment. The service and the bare app run at once, each in its own JVM, and take turns
# (warmed up first); a group that costs the service more than the bare app is where a difference in CPU per
# request lives, whether or not a profiler sees Java frames there (docs/performance.md).
#
#   src/test/perf/threads.sh          # about 4 minutes
#
# Settings (environment): ROUNDS (3), DURATION (15s), WARMUP_ROUNDS (2) of WARMUP (10s), CONNECTIONS (64),
# JAR, BARE_JAR, JAVA, PORT (18310: the service PORT and PORT+1, the bare app PORT+2 and PORT+3). Linux only.
# Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../../.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-10s}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-18310}
source src/test/perf/lib.sh
require_service_and_bare

declare -A pid_of port_of
port_of[service]=$PORT port_of[bare]=$((PORT + 2))
for app in service bare; do
  jar=$JAR; [[ $app == bare ]] && jar=$BARE_JAR
  launch "$app" "$jar" "${port_of[$app]}" "$((port_of[$app] + 1))"
  pid_of[$app]=$launched
  await_ready "$app" "$((port_of[$app] + 1))"
done
printf 'wrk.method = "POST"\n' >"$work/post.lua"
load() { # app duration
  wrk -t2 -c"$CONNECTIONS" -d"$2" -s "$work/post.lua" "http://127.0.0.1:${port_of[$1]}/api/counter/increment"
}
snapshot() { # pid: "thread-id|name|ticks" per thread
  for task in /proc/"$1"/task/*; do
    echo "${task##*/}|$(tr '|' '_' <"$task/comm")|$(awk '{print $14 + $15}' "$task/stat")"
  done 2>/dev/null
}

for ((r = 1; r <= WARMUP_ROUNDS; r++)); do
  for app in service bare; do load "$app" "$WARMUP" >/dev/null; done
done
for ((r = 1; r <= ROUNDS; r++)); do
  for app in service bare; do
    snapshot "${pid_of[$app]}" >"$work/before"
    out=$(load "$app" "$DURATION")
    snapshot "${pid_of[$app]}" >"$work/after"
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    echo "== round $r, $app: $requests requests; CPU ticks per million requests, per thread group"
    join -t'|' <(sort -t'|' -k1,1 "$work/before") <(sort -t'|' -k1,1 "$work/after") | awk -F'|' -v n="$requests" '
      { d = $5 - $3; group = $2; gsub(/[0-9]+/, "#", group); ticks[group] += d; total += d }
      END {
        for (g in ticks) if (ticks[g] > 0) printf "%8.0f  %s\n", ticks[g] * 1e6 / n, g
        printf "%8.0f  total\n", total * 1e6 / n
      }' | sort -rn
  done
done
