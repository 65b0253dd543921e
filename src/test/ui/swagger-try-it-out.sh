#!/usr/bin/env bash
# Checks that the Swagger UI's "Try it out" works on the counter, through a proxy on another host and port,
# in headless Chromium. Needs node and chromium (Debian: apt-get install -y chromium); no npm packages.
# Usage: src/test/ui/swagger-try-it-out.sh [base-url of a started jar, default http://localhost:8080]
set -euo pipefail
cd "$(dirname "$0")"

base_url=${1:-http://localhost:8080}
browser=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then browser=$candidate; break; fi
done
if [ -z "$browser" ]; then
  echo "FAILED no chromium found (Debian: apt-get install -y chromium)" >&2
  exit 1
fi

if ! curl -sf "$base_url/v3/api-docs" >/dev/null; then
  echo "FAILED no OpenAPI document at $base_url/v3/api-docs" >&2
  exit 1
fi

timeout 60 node swagger-try-it-out.mjs "$base_url" "$browser"
