#!/usr/bin/env bash
# Replays every http-requests/*.http file with httpyac against the packaged jar. Each file gets a freshly
# started service (fresh state) with the seed's settings, so the files read like the seed's sessions.
# Usage: src/test/http/run-http-files.sh [jar]   (after ./mvnw verify or ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/../../.."

jar=${1:-$(ls target/genserver-boot-*.jar | grep -v plain | head -n 1)}
java_bin=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
[ -x "$java_bin" ] || java_bin=java
port=18180
management_port=18183
passed=0
failed=0

for file in http-requests/*.http; do
  log=$(mktemp)
  "$java_bin" -jar "$jar" --server.port=$port --management.server.port=$management_port --genserver.counter.initial-value=10 \
      --genserver.cache.max-size=3 --genserver.cache.ttl=10 >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    curl -sf "http://localhost:$management_port/actuator/health" >/dev/null && break
    sleep 0.5
  done
  if httpyac send "$file" --all --bail --var baseUrl="http://localhost:$port" \
      --var managementUrl="http://localhost:$management_port" >"$log.out" 2>&1; then
    echo "ok     $file"
    passed=$((passed + 1))
  else
    echo "FAILED $file"; cat "$log.out"
    failed=$((failed + 1))
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -f "$log" "$log.out"
done

echo "http files: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
