#!/usr/bin/env bash
# Checks the alerting rules of docs/prometheus/alerts.yml: promtool's syntax check, their unit tests
# (src/test/metrics/alerts-test.yml), and that every metric a rule names, with every label it groups or selects
# by, is in a live scrape of the service, so that no rule watches a series that never exists. The cluster's
# metrics (genserver_cluster_*) exist only in cluster mode and are left to the unit tests.
# Usage: src/test/metrics/alert-rules-check.sh <management base-url>   of a started jar
set -euo pipefail
cd "$(dirname "$0")/../../.."

management=${1:?usage: alert-rules-check.sh <management base-url>}
rules=docs/prometheus/alerts.yml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

promtool check rules "$rules"
promtool test rules src/test/metrics/alerts-test.yml

curl -sf "$management/actuator/prometheus" >"$work/metrics.txt"

# Each rule's expression on one line: from "expr:" to the next key of the rule.
awk '/^ *expr:/ { on = 1; sub(/^ *expr: *(>-)?/, ""); line = $0; next }
     on && /^ *(for|labels|annotations):/ { print line; on = 0; next }
     on { line = line " " $0 }' "$rules" >"$work/exprs.txt"
[ -s "$work/exprs.txt" ] || { echo "no expressions read from $rules"; exit 1; }

missing=0
checked=0
while IFS= read -r expr; do
  labels=$( (grep -oE 'by \([^)]*\)' <<<"$expr" | sed -E 's/by \(|\)//g' | tr ',' '\n'
             grep -oE '[a-z_]+=~?"' <<<"$expr" | sed -E 's/=~?"//') | tr -d ' ' | grep -vx 'instance' | sort -u || true)
  for metric in $(grep -oE '\b(genserver|http_server)_[a-z_]+' <<<"$expr" | sort -u); do
    [[ $metric == genserver_cluster_* ]] && continue
    checked=$((checked + 1))
    if ! grep -qE "^$metric[{ ]" "$work/metrics.txt"; then
      echo "rule names $metric, which the scrape does not have"; missing=1; continue
    fi
    for label in $labels; do
      grep -qE "^$metric\{([^}]*,)?$label=" "$work/metrics.txt" \
        || { echo "rule groups or selects $metric by $label, which its series do not carry"; missing=1; }
    done
  done
done <"$work/exprs.txt"
[ "$missing" -eq 0 ] || exit 1
echo "alert rules: $(wc -l <"$work/exprs.txt") expressions, $checked metric uses found in the scrape with their labels"
