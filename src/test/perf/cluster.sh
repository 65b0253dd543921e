#!/usr/bin/env bash
# HTTP writes through cluster mode beside the single instance, in one run against the packaged jar
# (docs/performance.md, "Cluster mode"):
#  1. increments of KEYS named counters chosen at random (POST /api/counters/k<N>/increment), wrk -t2 -c64, through
#     a single instance with cluster mode off and through one member of a three-member cluster, alternating for
#     ROUNDS rounds; for the member also its own timer of the messages it sent to processes it hosts ("local") and
#     of those it forwarded to the key's owner ("forwarded"), backup included (genserver_cluster_messages_seconds);
#  2. replication cost per write: PUT of one key into a kv store holding 1 entry and into one holding 10,000, each
#     through the store's owner and through another member (wrk -t1 -c$KV_CONNECTIONS).
# Prints every run, then the tables.
#
#   src/test/perf/cluster.sh              # builds the jar if it is missing; about 6 minutes
#
# Settings (environment): ROUNDS (2), THREADS (2), CONNECTIONS (64), KEYS (1000), WARMUP (10s), DURATION (15s),
# KV_CONNECTIONS (8), FILL (10000), JAR, JAVA; ports: BASE_PORT (18220) and the next 10 (the single instance's API
# and management, three members' API, management and cluster ports). Everything binds 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../../.."

ROUNDS=${ROUNDS:-2}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
KEYS=${KEYS:-1000}
WARMUP=${WARMUP:-10s}
DURATION=${DURATION:-15s}
KV_CONNECTIONS=${KV_CONNECTIONS:-8}
FILL=${FILL:-10000}
BASE_PORT=${BASE_PORT:-18220}
JAR=${JAR:-target/genserver-boot-0.1.0-SNAPSHOT.jar}
# What Hazelcast needs on Java 25, as the pom declares it.
read -r -a JAVA_FLAGS <<<"$(sed -n 's:.*<hazelcast.jvm.flags>\(.*\)</hazelcast.jvm.flags>.*:\1:p' pom.xml | head -n 1)"
source src/test/perf/lib.sh
require_wrk
require_jar "$JAR"

single=$BASE_PORT
api=($((BASE_PORT + 2)) $((BASE_PORT + 4)) $((BASE_PORT + 6)))
management=($((BASE_PORT + 3)) $((BASE_PORT + 5)) $((BASE_PORT + 7)))
cluster=($((BASE_PORT + 8)) $((BASE_PORT + 9)) $((BASE_PORT + 10)))
members="127.0.0.1:${cluster[0]},127.0.0.1:${cluster[1]},127.0.0.1:${cluster[2]}"

launch_here() { # name port management-port [arguments]: this build's jar (launch binds it to 127.0.0.1)
  launch "$1" "$JAR" "$2" "$3" "${@:4}"
}
launch_here single "$single" $((BASE_PORT + 1))
for i in 0 1 2; do
  launch_here "member$i" "${api[$i]}" "${management[$i]}" --genserver.cluster.enabled=true \
    --genserver.cluster.name="perf-$$" --genserver.cluster.address=127.0.0.1 \
    --genserver.cluster.port="${cluster[$i]}" --genserver.cluster.members="$members" \
    --genserver.cluster.min-members=2
done
await_ready single $((BASE_PORT + 1))
for i in 0 1 2; do
  await_ready "member$i" "${management[$i]}" '"members":\["[^]]*","[^]]*","[^]]*"\].*"partitions":"stable"'
done

# A member's own timer of messages to replicated processes: "count sum" for a service and route.
route_timer() { # member service route
  curl -fsS "http://127.0.0.1:${management[$1]}/actuator/prometheus" | awk -v s="service=\"$2\"" -v r="route=\"$3\"" '
    index($0, s) && index($0, r) && /^genserver_cluster_messages_seconds_count/ {c = $NF}
    index($0, s) && index($0, r) && /^genserver_cluster_messages_seconds_sum/ {t = $NF}
    END {printf "%d %.9f\n", c, t}'
}
mean_us() { # "count sum" before, "count sum" after -> mean microseconds in between
  awk -v a="$1" -v b="$2" 'BEGIN {split(a, x, " "); split(b, y, " "); n = y[1] - x[1];
    if (n > 0) printf "%.0f µs over %d", (y[2] - x[2]) / n * 1e6, n; else print "none"}'
}

cat >"$work/counters.lua" <<LUA
request = function()
  return wrk.format("POST", "/api/counters/k" .. math.random(0, $KEYS - 1) .. "/increment")
end
LUA
run_wrk() { # threads connections duration script url
  wrk -t"$1" -c"$2" -d"$3" -s "$4" --latency "$5"
}
figures() { # wrk output -> "requests/s|p50|p99|non-2xx|socket errors"
  local rate p50 p99 errors socket
  rate=$(awk '/^Requests\/sec:/ {print $2}' <<<"$1")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$1")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$1")
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$1")
  socket=$(awk '/Socket errors:/ {print $0}' <<<"$1")
  echo "$rate|$p50|$p99|${errors:-0}|${socket:-none}"
}

echo "== counters: warming up $WARMUP each"
run_wrk "$THREADS" "$CONNECTIONS" "$WARMUP" "$work/counters.lua" "http://127.0.0.1:$single" >/dev/null
run_wrk "$THREADS" "$CONNECTIONS" "$WARMUP" "$work/counters.lua" "http://127.0.0.1:${api[0]}" >/dev/null
echo "== counters: $ROUNDS rounds, $DURATION each, wrk -t$THREADS -c$CONNECTIONS, $KEYS keys, $(date -u +%FT%RZ)"
echo "round|target|requests/s|p50|p99|non-2xx|socket errors|member's local messages|forwarded messages" \
  | tee "$work/counters"
for ((round = 1; round <= ROUNDS; round++)); do
  out=$(run_wrk "$THREADS" "$CONNECTIONS" "$DURATION" "$work/counters.lua" "http://127.0.0.1:$single")
  echo "$round|single instance|$(figures "$out")||" | tee -a "$work/counters"
  local_before=$(route_timer 0 counters local); forwarded_before=$(route_timer 0 counters forwarded)
  out=$(run_wrk "$THREADS" "$CONNECTIONS" "$DURATION" "$work/counters.lua" "http://127.0.0.1:${api[0]}")
  echo "$round|cluster of 3, through one member|$(figures "$out")|$(mean_us "$local_before" \
    "$(route_timer 0 counters local)")|$(mean_us "$forwarded_before" "$(route_timer 0 counters forwarded)")" \
    | tee -a "$work/counters"
done

# ---- replication cost: a store with 1 entry and one with FILL -------------------------------------------------
json_id() { sed -E 's/.*"id":"([^"]+)".*/\1/'; }
store_size() { curl -fsS "http://127.0.0.1:${api[0]}/api/kv/$1" | sed -E 's/.*"size":([0-9]+).*/\1/'; }
empty=$(curl -fsS -X POST "http://127.0.0.1:${api[0]}/api/kv" | json_id)
full=$(curl -fsS -X POST "http://127.0.0.1:${api[0]}/api/kv" | json_id)
curl -fsS -X PUT -H 'Content-Type: application/json' -d '1' "http://127.0.0.1:${api[0]}/api/kv/$empty/entries/k1"
cat >"$work/fill.lua" <<LUA
local n = 0
request = function()
  n = n + 1
  return wrk.format("PUT", "/api/kv/$full/entries/k" .. (n % $FILL), {["Content-Type"] = "application/json"}, "1")
end
LUA
echo "== filling store $full with $FILL entries"
for _ in 1 2 3 4 5 6; do
  [[ $(store_size "$full") -ge $FILL ]] && break
  wrk -t1 -c16 -d10s -s "$work/fill.lua" "http://127.0.0.1:${api[0]}" >/dev/null
done
[[ $(store_size "$full") -eq $FILL ]] || { echo "store $full holds $(store_size "$full") entries, not $FILL"; exit 1; }
owner_of() { # store -> the index of the member hosting it (its timer counts the message as local)
  for i in 0 1 2; do
    local before after
    before=$(route_timer "$i" kv local)
    curl -fsS -X PUT -H 'Content-Type: application/json' -d '1' "http://127.0.0.1:${api[$i]}/api/kv/$1/entries/k1"
    after=$(route_timer "$i" kv local)
    [[ ${before%% *} != "${after%% *}" ]] && { echo "$i"; return; }
  done
  echo "no member hosts store $1" >&2; exit 1
}
echo "== kv put of one key: $DURATION each, wrk -t1 -c$KV_CONNECTIONS, $(date -u +%FT%RZ)"
echo "store|through|requests/s|p50|p99|non-2xx|socket errors" | tee "$work/kv"
for store in empty full; do
  id=${!store}
  owner=$(owner_of "$id")
  printf 'wrk.method = "PUT"\nwrk.body = "1"\nwrk.headers["Content-Type"] = "application/json"\n' >"$work/put.lua"
  for through in owner other; do
    member=$owner; [[ $through == other ]] && member=$(((owner + 1) % 3))
    url="http://127.0.0.1:${api[$member]}/api/kv/$id/entries/k1"
    run_wrk 1 "$KV_CONNECTIONS" "$WARMUP" "$work/put.lua" "$url" >/dev/null
    out=$(run_wrk 1 "$KV_CONNECTIONS" "$DURATION" "$work/put.lua" "$url")
    echo "$store ($(store_size "$id") entries)|$through|$(figures "$out")" | tee -a "$work/kv"
  done
done

python3 - "$work/counters" "$work/kv" <<'PY'
import statistics, sys
def ms(text):
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float(text)
rows = [line.rstrip("\n").split("|") for line in open(sys.argv[1])][1:]
print("\n| counter increments, wrk -t2 -c64 | req/s | p50 | p99 | non-2xx |")
print("|---|---|---|---|---|")
for target in dict.fromkeys(row[1] for row in rows):
    mine = [row for row in rows if row[1] == target]
    print(f"| {target} | {statistics.median(float(r[2]) for r in mine):,.0f} "
          f"| {statistics.median(ms(r[3]) for r in mine):.2f} ms | {statistics.median(ms(r[4]) for r in mine):.1f} ms "
          f"| {sum(int(r[5]) for r in mine)} |")
print("medians over the rounds; the member's own mean time per message (backup included), by route, per round: "
      + "; ".join(f"local {r[7]}, forwarded {r[8]}" for r in rows if r[7]))
rows = [line.rstrip("\n").split("|") for line in open(sys.argv[2])][1:]
print("\n| kv put of one key, wrk -t1 | through | req/s | p50 | p99 | non-2xx |")
print("|---|---|---|---|---|---|")
for store, through, rate, p50, p99, errors, _ in rows:
    print(f"| {store} | {through} | {float(rate):,.0f} | {ms(p50):.2f} ms | {ms(p99):.1f} ms | {errors} |")
PY
