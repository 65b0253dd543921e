#!/usr/bin/env bash
# Checks that need the packaged service running: promtool's lint of /actuator/prometheus and the Swagger UI's
# "Try it out" in headless Chromium. Starts the jar once on its own port, runs both, stops it.
# Usage: src/test/run-jar-checks.sh [jar]   (after ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/../.."

jar=${1:-$(ls target/genserver-boot-*.jar | grep -v plain | head -n 1)}
java_bin=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
[ -x "$java_bin" ] || java_bin=java
port=18181
base="http://localhost:$port"
log=$(mktemp)

"$java_bin" -jar "$jar" --server.port=$port >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 120); do
  curl -sf "$base/actuator/health" >/dev/null && break
  sleep 0.5
done
curl -sf "$base/actuator/health" >/dev/null || { echo "the service did not start"; cat "$log"; exit 1; }

echo "== promtool check metrics"
bash src/test/metrics/promtool-check.sh "$base"
echo "== Swagger UI: Try it out on the counter"
bash src/test/ui/swagger-try-it-out.sh "$base"
