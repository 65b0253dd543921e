#!/usr/bin/env bash
# Checks that need the packaged service running: promtool's lint of /actuator/prometheus, then the browser tests
# (the observer page, the Swagger UI's "Try it out" and another site's page, in headless Chromium through Selenium and chromedriver;
# src/test/java/dev/genserver/browser), which start the jar themselves with the settings each needs and save
# screenshots under target/browser/. Needs Debian's chromium and chromium-driver (.ci/run installs them).
# Usage: src/test/run-jar-checks.sh [jar]   (after ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/../.."

jar=${1:-$(ls target/genserver-boot-*.jar | grep -v plain | head -n 1)}
java_bin=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
[ -x "$java_bin" ] || java_bin=java
port=18181
management_port=18182
base="http://127.0.0.1:$port"
management="http://127.0.0.1:$management_port"
log=$(mktemp)

"$java_bin" -jar "$jar" --server.port=$port --management.server.port=$management_port \
  --server.address=127.0.0.1 --management.server.address=127.0.0.1 >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 120); do
  curl -sf "$management/actuator/health" >/dev/null && break
  sleep 0.5
done
curl -sf "$management/actuator/health" >/dev/null || { echo "the service did not start"; cat "$log"; exit 1; }

echo "== promtool check metrics"
bash src/test/metrics/promtool-check.sh "$base" "$management"

echo "== the Dockerfile's HEALTHCHECK command: healthy on the management port, unhealthy on a port that is not it"
healthcheck=$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' Dockerfile | sed -n 's/^HEALTHCHECK.* CMD //p')
[ -n "$healthcheck" ] || { echo "no HEALTHCHECK CMD in the Dockerfile"; exit 1; }
MANAGEMENT_SERVER_PORT=$management_port sh -c "$healthcheck" || { echo "HEALTHCHECK failed on a live service"; exit 1; }
if MANAGEMENT_SERVER_PORT=$port sh -c "$healthcheck" 2>/dev/null; then
  echo "HEALTHCHECK passed on the API port, which serves no liveness"; exit 1
fi
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true

echo "== the HEALTHCHECK follows the management base path set in the environment, as the README's /admin does"
MANAGEMENT_SERVER_BASE_PATH=/admin "$java_bin" -jar "$jar" --server.port=$port \
  --management.server.port=$management_port --server.address=127.0.0.1 --management.server.address=127.0.0.1 \
  >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  curl -sf "$management/admin/actuator/health" >/dev/null && break
  sleep 0.5
done
MANAGEMENT_SERVER_PORT=$management_port MANAGEMENT_SERVER_BASE_PATH=/admin sh -c "$healthcheck" \
  || { echo "HEALTHCHECK failed under management.server.base-path"; cat "$log"; exit 1; }
MANAGEMENT_SERVER_PORT=$management_port MANAGEMENT_SERVER_BASE_PATH=/admin/ sh -c "$healthcheck" \
  || { echo "HEALTHCHECK failed with the base path's trailing slash, which Boot drops"; exit 1; }
if MANAGEMENT_SERVER_PORT=$management_port sh -c "$healthcheck" 2>/dev/null; then
  echo "HEALTHCHECK passed without the base path, so the check above proves nothing"; exit 1
fi
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true

echo "== browser tests: the observer page, Swagger UI's Try it out, another site's page (Selenium, headless Chromium)"
# SE_OFFLINE: Selenium Manager must download nothing; the drivers are Debian's.
SE_OFFLINE=true ./mvnw -Pbrowser test -Dbrowser.jar="$jar" \
  -Dwebdriver.chrome.driver=/usr/bin/chromedriver -Dbrowser.binary=/usr/bin/chromium
