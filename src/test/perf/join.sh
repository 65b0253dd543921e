#!/usr/bin/env bash
# How long writes wait when a lone member is joined by a second (docs/performance.md, "A second member joining a
# lone one"): member A alone under CLIENTS steady clients incrementing NAMES named counters through it
# (POST /api/counters/c<N>/increment), then member B starts; the clients stop 5 s after A logs the end of the
# migrations. Each write's latency is recorded; join.py prints when B joined, how long the migrations took, and the
# writes from the join on: the slowest, how many took over 100 ms and over 1 s.
#
#   src/test/perf/join.sh                 # builds the jar if it is missing; 1-2 minutes a run
#   src/test/perf/join.sh -Dhazelcast.partition.max.parallel.migrations=271  # JVM flags for both members
#
# Settings (environment): RUNS (3), NAMES (500), CLIENTS (4), WARMUP (15, seconds of A alone), JAR, JAVA;
# ports: BASE_PORT (18360) and the next 5 (two members' API, management and cluster ports), all on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../../.."

RUNS=${RUNS:-3}
NAMES=${NAMES:-500}
CLIENTS=${CLIENTS:-4}
WARMUP=${WARMUP:-15}
BASE_PORT=${BASE_PORT:-18360}
JAR=${JAR:-target/genserver-boot-0.1.0-SNAPSHOT.jar}
read -r -a JAVA_FLAGS <<<"$(sed -n 's:.*<hazelcast.jvm.flags>\(.*\)</hazelcast.jvm.flags>.*:\1:p' pom.xml | head -n 1)"
JAVA_FLAGS+=("$@")
source src/test/perf/lib.sh
require_jar "$JAR"
trap stop_all EXIT

members="127.0.0.1:$((BASE_PORT + 4)),127.0.0.1:$((BASE_PORT + 5))"
member() { # name index
  launch "$1" "$JAR" $((BASE_PORT + 2 * $2)) $((BASE_PORT + 2 * $2 + 1)) --genserver.cluster.enabled=true \
    --genserver.cluster.name="join-$$" --genserver.cluster.address=127.0.0.1 \
    --genserver.cluster.port=$((BASE_PORT + 4 + $2)) --genserver.cluster.members="$members" \
    --logging.level.com.hazelcast.internal.partition.impl.MigrationManagerImpl=INFO \
    --logging.level.com.hazelcast.internal.cluster.ClusterService=INFO
}
for run in $(seq 1 "$RUNS"); do
  member a 0; a=$launched
  await_ready a $((BASE_PORT + 1))
  rm -f "$work/stop"
  python3 src/test/perf/join.py drive $BASE_PORT "$NAMES" "$CLIENTS" "$work/writes" "$work/stop" &
  clients=$!
  sleep "$WARMUP"
  uptime >"$work/load"
  member b 1; b=$launched
  date +%s.%N >"$work/b-launched"
  for _ in $(seq 1 360); do grep -q "All migration tasks have been completed" "$work/a.log" && break; sleep 0.5; done
  sleep 5
  touch "$work/stop"; wait $clients
  uptime >>"$work/load"
  stop $a; stop $b
  echo "== run $run"
  python3 src/test/perf/join.py report "$work"
done
