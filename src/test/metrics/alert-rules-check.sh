#!/usr/bin/env bash
# The alerting rules of docs/prometheus/alerts.yml: promtool's check, then their unit tests
# (src/test/metrics/alerts-test.yml: each alert fires where it should and not on the near misses beside it).
# That every metric, label and value they name is exported is checked by `./mvnw verify`
# (observability.AlertRulesTest), against the service's own scrape.
# Usage: src/test/metrics/alert-rules-check.sh   (promtool: Debian package prometheus)
set -euo pipefail
cd "$(dirname "$0")/../../.."

promtool check rules docs/prometheus/alerts.yml
promtool test rules src/test/metrics/alerts-test.yml
