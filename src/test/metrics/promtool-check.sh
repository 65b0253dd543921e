#!/usr/bin/env bash
# Lints our Prometheus exposition with Prometheus' own promtool ("promtool check metrics"): makes every
# genserver_* metric appear (calls, casts, a refused stack pop, an exit), scrapes /actuator/prometheus and fails
# if promtool reports anything about a genserver_* metric. The framework's own metrics draw a few lint warnings
# that are not ours; they are printed for information only.
# Usage: src/test/metrics/promtool-check.sh <API base-url> <management base-url>   of a started jar
#        (promtool: Debian package prometheus; actuator is on the management port, 8081 by default)
set -euo pipefail

base=${1:?usage: promtool-check.sh <API base-url> <management base-url>}
management=${2:?usage: promtool-check.sh <API base-url> <management base-url>}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Traffic that makes each kind of metric exist: calls, casts, a timer-driven info, an error answer.
for _ in $(seq 1 200); do curl -sf -X POST "$base/api/counter/increment" >/dev/null; done
curl -sf -X POST "$base/api/counter/reset" >/dev/null
stack=$(curl -sf -X POST "$base/api/stacks" -H 'Content-Type: application/json' -d '{"items":[1]}' \
  | sed -E 's/.*"id":"([^"]+)".*/\1/')
curl -s -X POST "$base/api/stacks/$stack/pop" >/dev/null
curl -s -X POST "$base/api/stacks/$stack/pop" >/dev/null
curl -sf -X DELETE "$base/api/stacks/$stack" >/dev/null

curl -sf "$management/actuator/prometheus" >"$work/metrics.txt"
for name in genserver_processes genserver_mailbox_size genserver_messages_total \
            genserver_call_duration_seconds_bucket genserver_process_exits_total; do
  grep -q "^$name" "$work/metrics.txt" || { echo "missing metric: $name"; exit 1; }
done

promtool check metrics <"$work/metrics.txt" >"$work/lint.txt" 2>&1 || true
echo "== promtool check metrics: $(grep -c . "$work/lint.txt" || true) finding(s) in all, framework's included"
sed 's/^/   /' "$work/lint.txt"
if grep -q 'genserver_' "$work/lint.txt"; then
  echo "promtool found problems in genserver_* metrics"
  exit 1
fi
echo "promtool: no finding in $(grep -c '^# TYPE genserver_' "$work/metrics.txt") genserver_* metric families"
