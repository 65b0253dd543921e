#!/usr/bin/env bash
# HTTP throughput and latency of the packaged service beside a bare Spring Boot app of the same Boot version
# (src/bench/bare-app: webmvc, actuator, virtual threads, nothing else), each in its own JVM with -Xmx1g, measured
# in the same run and alternating, endpoint by endpoint, for ROUNDS rounds (docs/performance.md). Endpoints of the
# same shape on both: the counter's increment, a cache get, a kv put/get; the service alone: a stack push/pop.
# Prints every round, then per endpoint the medians, the service / bare ratio of requests/s, and of p99, and each
# JVM's CPU time per request (from /proc, so Linux only), which tells work from waiting for a core. The
# apps take turns first within a round (bare first in odd rounds, the service in even ones), so a machine that
# drifts faster or slower during the run favours neither; the per-round ratios and their median are printed too,
# because this machine's throughput can drift by 15 % over a run, which a ratio of medians taken from different
# rounds does not cancel.
#
# Both apps are started LAUNCHES times, each pair warmed up and measured for ROUNDS rounds, and the ratios are
# reported per launch as well as over all rounds: the JIT compiles the request path once per launch, from the
# profile gathered by then, so one launch is one draw of that; and single rounds are noisy here (the same jar in
# both slots measured 0.84-1.16 per round, docs/performance.md), so a difference of a few per cent needs a dozen
# rounds or more before it means anything.
#
#   src/test/perf/http.sh                 # builds both jars if they are missing; about 16 minutes
#   LAUNCHES=4 ONLY="counter increment" src/test/perf/http.sh   # the counter alone; about 8 minutes
#
# Settings (environment): ONLY (an endpoint's name, e.g. "counter increment": that endpoint alone; default all),
# SERVICE_ARGS (arguments for the service's jar, e.g. a feature switched off), LAUNCHES (3) of both apps, each
# measured for ROUNDS (2) rounds, THREADS (2) and
# CONNECTIONS (64) for wrk, WARMUP_ROUNDS (2) of WARMUP (10s)
# per endpoint and app, then DURATION (15s) measured per endpoint, app and round; JAR, BARE_JAR, JAVA; PORT
# (18210) with MANAGEMENT_PORT (18211) for the service, BARE_PORT (18212) with BARE_MANAGEMENT_PORT (18213).
# Starts both apps itself and stops them on exit. Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../../.."

LAUNCHES=${LAUNCHES:-3}
ROUNDS=${ROUNDS:-2}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
WARMUP=${WARMUP:-10s}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-2}
DURATION=${DURATION:-15s}
PORT=${PORT:-18210}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-18211}
BARE_PORT=${BARE_PORT:-18212}
BARE_MANAGEMENT_PORT=${BARE_MANAGEMENT_PORT:-18213}
source src/test/perf/lib.sh
require_service_and_bare

declare -A pid_of
start() { # name jar port management-port
  launch "$@"
  pid_of[$1]=$launched
  await_ready "$1" "$4"
}
# CPU an app's JVM has used, in clock ticks (user + system, all its threads), from /proc: divided by the requests
# of a run, it tells work done per request apart from time spent waiting for a core.
cpu_ticks() { awk '{print $14 + $15}' "/proc/${pid_of[$1]}/stat"; }
tick_us=$((1000000 / $(getconf CLK_TCK)))

# ---- the data the requests work on, in each app ----------------------------------------------------------------
json_id() { sed -E 's/.*"id":"([^"]+)".*/\1/'; }
prepare() { # app base
  local store
  store=$(curl -fsS -X POST "$2/api/kv" | json_id)
  for i in $(seq 0 99); do
    curl -fsS -X PUT -H 'Content-Type: application/json' -d '1' "$2/api/kv/$store/entries/k$i"
  done
  curl -fsS -X PUT -H 'Content-Type: application/json' -d '{"hello":"world"}' "$2/api/cache/entries/bench"
  # Put then get over 100 keys, all present from the start.
  cat >"$work/kv-$1.lua" <<LUA
local n = 0
request = function()
  n = n + 1
  local path = "/api/kv/$store/entries/k" .. (math.floor(n / 2) % 100)
  if n % 2 == 1 then
    return wrk.format("PUT", path, {["Content-Type"] = "application/json"}, "1")
  end
  return wrk.format("GET", path)
end
LUA
}
printf 'wrk.method = "POST"\n' >"$work/post.lua"

# name | wrk script ("" for a GET; @ = per app) | path | apps
endpoints=(
  "counter increment|post.lua|/api/counter/increment|bare service"
  "cache get||/api/cache/entries/bench|bare service"
  "kv put/get|kv-@.lua|/|bare service"
  "stack push/pop|stack-@.lua|/|service"
)
if [[ -n "${ONLY:-}" ]]; then
  for entry in "${endpoints[@]}"; do [[ ${entry%%|*} == "$ONLY" ]] && only=("$entry"); done
  [[ -n "${only:-}" ]] || { echo "no endpoint is named '$ONLY'" >&2; exit 2; }
  endpoints=("${only[@]}")
fi
# Push then pop on every connection; the stack starts with 1,000 items so a pop never finds it empty. Made only
# when measured, so that any jar serving the other endpoints can stand in the service's slot (JAR=).
prepare_stack() {
  local items stack
  items=$(printf '1,%.0s' $(seq 1 1000)); items="[${items%,}]"
  stack=$(curl -fsS -X POST -H 'Content-Type: application/json' -d "{\"items\":$items}" \
    "http://127.0.0.1:$PORT/api/stacks" | json_id)
  cat >"$work/stack-service.lua" <<LUA
local n = 0
request = function()
  n = n + 1
  if n % 2 == 1 then
    return wrk.format("POST", "/api/stacks/$stack/push", {["Content-Type"] = "application/json"}, '{"item":1}')
  end
  return wrk.format("POST", "/api/stacks/$stack/pop")
end
LUA
}
start_both() {
  start service "$JAR" "$PORT" "$MANAGEMENT_PORT" ${SERVICE_ARGS:-}
  start bare "$BARE_JAR" "$BARE_PORT" "$BARE_MANAGEMENT_PORT"
  prepare service "http://127.0.0.1:$PORT"
  prepare bare "http://127.0.0.1:$BARE_PORT"
  if [[ " ${endpoints[*]} " == *"stack push/pop|"* ]]; then prepare_stack; fi
}
base_of() { [[ $1 == bare ]] && echo "http://127.0.0.1:$BARE_PORT" || echo "http://127.0.0.1:$PORT"; }
run_wrk() { # app duration script path [extra wrk args]
  local script=()
  [[ -n "$3" ]] && script=(-s "$work/${3//@/$1}")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" "${script[@]}" "${@:5}" "$(base_of "$1")$4"
}

echo "== $LAUNCHES launches of both apps; in each, $WARMUP_ROUNDS warm-up rounds of $WARMUP per endpoint and app," \
  "then $ROUNDS rounds of $DURATION; wrk -t$THREADS -c$CONNECTIONS; $(date -u +%FT%RZ)"
echo "launch|round|endpoint|app|requests/s|p50|p99|non-2xx|socket errors|CPU us/request" >"$work/results"
turn=0
for ((launch = 1; launch <= LAUNCHES; launch++)); do
  start_both
  for ((round = 1; round <= WARMUP_ROUNDS; round++)); do
    for entry in "${endpoints[@]}"; do
      IFS='|' read -r name script path apps <<<"$entry"
      for app in $apps; do run_wrk "$app" "$WARMUP" "$script" "$path" >/dev/null; done
    done
  done
  for ((round = 1; round <= ROUNDS; round++)); do
    turn=$((turn + 1))
    for entry in "${endpoints[@]}"; do
      IFS='|' read -r name script path apps <<<"$entry"
      ((turn % 2 == 0)) && apps=$(tr ' ' '\n' <<<"$apps" | tac | xargs)
      for app in $apps; do
        ticks=$(cpu_ticks "$app")
        out=$(run_wrk "$app" "$DURATION" "$script" "$path" --latency)
        ticks=$(($(cpu_ticks "$app") - ticks))
        requests=$(awk '/ requests in / {print $1}' <<<"$out")
        cpu=$(awk -v t="$ticks" -v us="$tick_us" -v n="$requests" 'BEGIN {printf "%.1f", (n > 0 ? t * us / n : 0)}')
        rate=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
        p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
        p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
        errors=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")
        socket=$(awk '/Socket errors:/ {print $0}' <<<"$out")
        echo "$launch|$round|$name|$app|$rate|$p50|$p99|${errors:-0}|${socket:-none}|$cpu" | tee -a "$work/results"
      done
    done
  done
  stop "${pid_of[service]}"
  stop "${pid_of[bare]}"
done

python3 - "$work/results" <<'PY'
import statistics, sys
rows = [line.rstrip("\n").split("|") for line in open(sys.argv[1])][1:]
def ms(text):
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float(text)
figures = {}
for launch, round_, name, app, rate, p50, p99, errors, socket, cpu in rows:
    entry = figures.setdefault((name, app), {"rate": [], "p99": [], "cpu": [], "errors": 0})
    entry["rate"].append(float(rate)); entry["p99"].append(ms(p99)); entry["errors"] += int(errors)
    entry["cpu"].append(float(cpu))
rounds = {}
for launch, round_, name, app, rate, *_ in rows:
    rounds.setdefault(name, {}).setdefault(launch, {}).setdefault(round_, {})[app] = float(rate)
print("\nservice / bare per round, grouped by launch; the median of each launch; the median of the launches':")
for name, by_launch in rounds.items():
    per_launch = []
    for launch, by_round in by_launch.items():
        ratios = [apps["service"] / apps["bare"] for apps in by_round.values() if "bare" in apps]
        if ratios:
            per_launch.append((ratios, statistics.median(ratios)))
    if per_launch:
        groups = "; ".join(f"{', '.join(f'{r:.2f}' for r in ratios)} ({m:.2f})" for ratios, m in per_launch)
        print(f"  {name}: {groups}; median of launches {statistics.median(m for _, m in per_launch):.2f}")
print("\n| endpoint | bare req/s | service req/s | service / bare | bare p99 | service p99 | p99 service / bare "
      "| CPU µs/request, bare / service | non-2xx |")
print("|---|---|---|---|---|---|---|---|---|")
for name in dict.fromkeys(name for name, _ in figures):
    s, b = figures[(name, "service")], figures.get((name, "bare"))
    rate, p99, cpu = (statistics.median(s[key]) for key in ("rate", "p99", "cpu"))
    if b:
        brate, bp99, bcpu = (statistics.median(b[key]) for key in ("rate", "p99", "cpu"))
        print(f"| {name} | {brate:,.0f} | {rate:,.0f} | {rate / brate:.2f} | {bp99:.1f} ms | {p99:.1f} ms "
              f"| {p99 / bp99:.2f} | {bcpu:.1f} / {cpu:.1f} | {s['errors'] + b['errors']} |")
    else:
        print(f"| {name} | | {rate:,.0f} | | | {p99:.1f} ms | | {cpu:.1f} | {s['errors']} |")
print("\nmedians over all rounds of all launches; goal for the counter increment: service / bare >= 0.95, "
      "p99 <= 1.2x, 0 errors")
PY
