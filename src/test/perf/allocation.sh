#!/usr/bin/env bash
# Heap allocated per request, in the service and in the bare app (src/bench/bare-app), in the same run: each jar in
# its own JVM, warmed up, then JFR's per-thread allocation counters (jdk.ThreadAllocationStatistics, read at the
# start and end of a recording) over DURATION of wrk on the counter increment. An app's bytes per request moved by
# 1-2 % between most runs here, once by 9 %: take several runs before reading a difference of a few hundred bytes.
# Virtual threads allocate through their carriers' buffers, so the carriers' counters hold the requests' bytes.
#
#   src/test/perf/allocation.sh       # builds both jars if they are missing; about 1.5 minutes
#
# Settings (environment): DURATION (10s), WARMUP (15s), CONNECTIONS (16), JAR, BARE_JAR, JAVA or JAVA_HOME_25.
# Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../../.."

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-15s}
CONNECTIONS=${CONNECTIONS:-16}
source src/test/perf/lib.sh
require_service_and_bare

record() { # name jar
  record_counter "$1" "$2"
  "$JDK_BIN/jfr" print --json --events jdk.ThreadAllocationStatistics "$work/$1.jfr" >"$work/$1.json"
}
record service "$JAR"
record bare "$BARE_JAR"

python3 - "$work" <<'PY'
import collections, json, re, sys
work = sys.argv[1]
def per_request(name):
    """Bytes allocated per request: each thread's counter at the recording's end less its first reading."""
    readings = collections.defaultdict(list)
    for event in json.load(open(f"{work}/{name}.json"))["recording"]["events"]:
        values = event["values"]
        thread = values["thread"] or {}
        key = (thread.get("javaName"), thread.get("javaThreadId"))
        readings[key].append(values["allocated"])
    allocated = sum(max(r) - min(r) for r in readings.values())  # a thread's counter only grows
    requests = int(re.search(r"(\d+) requests in", open(f"{work}/{name}.wrk").read()).group(1))
    return allocated / requests, requests
(service, rs), (bare, rb) = per_request("service"), per_request("bare")
print(f"bytes allocated per request: service {service:,.0f} ({rs:,} requests), bare {bare:,.0f} ({rb:,} requests), "
      f"service - bare {service - bare:+,.0f} ({service / bare:.3f}x)")
PY
