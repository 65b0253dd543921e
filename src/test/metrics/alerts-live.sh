#!/usr/bin/env bash
# The alerting rules end to end: the packaged jar, a Prometheus server (Debian's `prometheus`) scraping it every
# second and evaluating docs/prometheus/alerts.yml every second, and what three rules watch made to happen:
#   four kills of the counter 3 s apart (within the root's intensity)  -> GenServerRestarting, at once
#   four more within a second (past it: the root gives up)             -> GenServerSupervisionDown, after its 1 min
#   SIGKILL of the jar                                                 -> GenServerInstanceDown, after its 1 min
# and no GenServerCrashes all along (kills are exits of reason kill, not crashes). About 3 minutes. Prints when
# each alert fired; fails if one did not within its deadline.
# Usage: src/test/metrics/alerts-live.sh [jar]   (after ./mvnw package; PORT, PROMETHEUS_PORT to move the ports)
set -euo pipefail
cd "$(dirname "$0")/../../.."

jar=${1:-$(ls target/genserver-boot-*.jar | grep -v plain | head -n 1)}
java_bin=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
[ -x "$java_bin" ] || java_bin=java
port=${PORT:-18381}
management=$((port + 1))
prometheus_port=${PROMETHEUS_PORT:-18390}
work=$(mktemp -d)
service_pid=""
prometheus_pid=""
cleanup() {
  [ -n "$service_pid" ] && kill -9 "$service_pid" 2>/dev/null || true
  [ -n "$prometheus_pid" ] && kill "$prometheus_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$java_bin" --sun-misc-unsafe-memory-access=allow -jar "$jar" --server.address=127.0.0.1 --server.port=$port \
  --management.server.address=127.0.0.1 --management.server.port=$management \
  --genserver.observability.allow-kill=true >"$work/service.log" 2>&1 &
service_pid=$!

cp docs/prometheus/alerts.yml "$work/alerts.yml"
cat >"$work/prometheus.yml" <<EOF
global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}
rule_files: [alerts.yml]
scrape_configs:
  - job_name: genserver-boot
    metrics_path: /actuator/prometheus
    static_configs: [{targets: ['127.0.0.1:$management']}]
EOF
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address=127.0.0.1:$prometheus_port >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!

query() { curl -sfG "http://127.0.0.1:$prometheus_port/api/v1/query" --data-urlencode "query=$1"; }
has_result() { query "$1" | grep -q '"result":\[{'; }
# Waits until the query has a result; prints the seconds it took, or fails after the deadline.
await() {
  local what=$1 promql=$2 deadline=$3 start=$SECONDS
  until has_result "$promql"; do
    if [ $((SECONDS - start)) -ge "$deadline" ]; then
      echo "FAILED: $what not within ${deadline}s"; tail -n 20 "$work/service.log"; exit 1
    fi
    sleep 0.5
  done
  echo "$what after $((SECONDS - start)) s"
}
firing() { echo "ALERTS{alertname=\"$1\",alertstate=\"firing\"}"; }
kill_counter() {
  curl -sf -o /dev/null -X DELETE "http://127.0.0.1:$management/actuator/processes/counter" || true
}

await "the service and the first scrape" 'up{job="genserver-boot"} == 1' 90

for _ in 1 2 3 4; do kill_counter; sleep 3; done
await "GenServerRestarting, once the fourth kill is scraped," "$(firing GenServerRestarting)" 15

for _ in 1 2 3 4; do kill_counter; sleep 0.2; done
await "genserver_supervision_up 0 (the root gave up)" 'genserver_supervision_up == 0' 15
await "GenServerSupervisionDown" "$(firing GenServerSupervisionDown)" 75

kill -9 "$service_pid"
wait "$service_pid" 2>/dev/null || true
service_pid=""
await "GenServerInstanceDown after SIGKILL" "$(firing GenServerInstanceDown)" 75

if has_result 'ALERTS{alertname="GenServerCrashes"}'; then
  echo "FAILED: GenServerCrashes fired on kills"; exit 1
fi
echo "no GenServerCrashes: kills are not crashes"
