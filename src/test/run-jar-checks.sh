#!/usr/bin/env bash
# Checks that need the packaged service running: promtool's lint of /actuator/prometheus and the Swagger UI's
# "Try it out" in headless Chromium. Starts the jar once on its own ports (API and management), runs both, stops it.
# Usage: src/test/run-jar-checks.sh [jar]   (after ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/../.."

jar=${1:-$(ls target/genserver-boot-*.jar | grep -v plain | head -n 1)}
java_bin=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
[ -x "$java_bin" ] || java_bin=java
port=18181
management_port=18182
base="http://localhost:$port"
management="http://localhost:$management_port"
log=$(mktemp)

"$java_bin" -jar "$jar" --server.port=$port --management.server.port=$management_port >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 120); do
  curl -sf "$management/actuator/health" >/dev/null && break
  sleep 0.5
done
curl -sf "$management/actuator/health" >/dev/null || { echo "the service did not start"; cat "$log"; exit 1; }

echo "== promtool check metrics"
bash src/test/metrics/promtool-check.sh "$base" "$management"
echo "== Swagger UI: Try it out on the counter"
bash src/test/ui/swagger-try-it-out.sh "$base"
