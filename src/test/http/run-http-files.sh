#!/usr/bin/env bash
# Replays every http-requests/*.http file with httpyac against the packaged jar. Each file gets a freshly
# started service (fresh state) with the seed's settings, so the files read like the seed's sessions;
# cluster.http gets two instances forming a cluster on loopback (otherUrl is the second).
# Usage: src/test/http/run-http-files.sh [jar]   (after ./mvnw verify or ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/../../.."

jar=${1:-$(ls target/genserver-boot-*.jar | grep -v plain | head -n 1)}
java_bin=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
[ -x "$java_bin" ] || java_bin=java
port=18180
management_port=18183
other_port=18190
other_management_port=18193
# what embedded Hazelcast needs on Java 25 (pom.xml's hazelcast.jvm.flags)
hazelcast_flags=(--sun-misc-unsafe-memory-access=allow --add-modules java.se --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED
  --add-exports java.base/jdk.internal.ref=ALL-UNNAMED)
cluster=(--genserver.cluster.enabled=true --genserver.cluster.address=127.0.0.1 --genserver.cluster.name=http-files
  --genserver.cluster.members=127.0.0.1:15801,127.0.0.1:15802)

await_health() {
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$1/actuator/health" >/dev/null && return
    sleep 0.5
  done
}
passed=0
failed=0

for file in http-requests/*.http; do
  log=$(mktemp)
  jvm=() app=() other_pid=""
  if [ "$(basename "$file")" = cluster.http ]; then
    jvm=("${hazelcast_flags[@]}") app=("${cluster[@]}" --genserver.cluster.port=15801)
    "$java_bin" "${jvm[@]}" -jar "$jar" --server.port=$other_port --management.server.port=$other_management_port \
      --server.address=127.0.0.1 --management.server.address=127.0.0.1 \
      "${cluster[@]}" --genserver.cluster.port=15802 >"$log.other" 2>&1 &
    other_pid=$!
  fi
  "$java_bin" "${jvm[@]}" -jar "$jar" --server.port=$port --management.server.port=$management_port \
      --server.address=127.0.0.1 --management.server.address=127.0.0.1 \
      --genserver.counter.initial-value=10 --genserver.cache.max-size=3 --genserver.cache.ttl=10 "${app[@]}" \
      >"$log" 2>&1 &
  pid=$!
  await_health $management_port
  [ -z "$other_pid" ] || await_health $other_management_port
  if httpyac send "$file" --all --bail --var baseUrl="http://127.0.0.1:$port" \
      --var managementUrl="http://127.0.0.1:$management_port" --var otherUrl="http://127.0.0.1:$other_port" \
      >"$log.out" 2>&1; then
    echo "ok     $file"
    passed=$((passed + 1))
  else
    echo "FAILED $file"; cat "$log.out"
    failed=$((failed + 1))
  fi
  kill "$pid" $other_pid; wait "$pid" $other_pid 2>/dev/null || true
  rm -f "$log" "$log.out" "$log.other"
done

echo "http files: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
