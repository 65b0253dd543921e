#!/usr/bin/env bash
# Many clients holding request bodies at once (docs/reliability.md): CLIENTS connections each send a put of a
# BODY-byte JSON string to one store, SENT bytes of it, and hold the rest back for HOLD seconds; meanwhile the
# counter, the health probe, a small put and a 500 KB put are asked once each (once every client holds its body),
# and the body gauges read. Then every client finishes its body and the answers' statuses are counted. Before the
# bound on bodies in memory (web.BodyBudget), 400 such clients ran a 256 MB heap out of memory and the instance
# stopped answering. With SENT=0 the clients are idle: they declare their bodies and send none of them. With DRIP=n they send one more byte every n seconds while they hold, and the
# checks are asked again near the end of the hold.
#
#   src/test/perf/held-bodies.sh                       # builds the jar if it is missing; about half a minute
#   CLIENTS=250 SENT=0 src/test/perf/held-bodies.sh    # idle clients hold nothing: the small put is served
#   CLIENTS=13 HOLD=45 DRIP=10 src/test/perf/held-bodies.sh  # a byte now and then: 408 at the body timeout (30 s)
#
# Settings (environment): PORT (18230) and MANAGEMENT_PORT (18231), CLIENTS (400), BODY (1000000: Jackson reads a
# string of at most 1,000,000 characters), SENT (BODY - 1, or BODY - 1 - HOLD/DRIP when dripping), HOLD (10),
# DRIP (0: none), HEAP (256m), JAR, JAVA. Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../../.."

PORT=${PORT:-18230}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-18231}
CLIENTS=${CLIENTS:-400}
BODY=${BODY:-1000000}
HOLD=${HOLD:-10}
DRIP=${DRIP:-0}
SENT=${SENT:-$((BODY - 1 - (DRIP > 0 ? HOLD / DRIP + 1 : 0)))}
HEAP=${HEAP:-256m}
JAR=${JAR:-target/genserver-boot-0.1.0-SNAPSHOT.jar}
API="http://127.0.0.1:$PORT"
MANAGEMENT="http://127.0.0.1:$MANAGEMENT_PORT"
JAVA_FLAGS=(-Xmx"$HEAP") # after lib.sh's -Xmx1g, so it is the one that counts
source src/test/perf/lib.sh

require_jar "$JAR"
launch server "$JAR" "$PORT" "$MANAGEMENT_PORT"
server=$launched
trap 'kill -9 "$server" 2>/dev/null || true; stop_all' EXIT # a JVM out of memory may not heed SIGTERM
await_ready server "$MANAGEMENT_PORT"
store=$(curl -fsS -X POST "$API/api/kv" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')

echo "== $CLIENTS clients each sending $SENT bytes of a $BODY-byte body and holding the rest for ${HOLD} s, heap $HEAP"
python3 - "$PORT" "$CLIENTS" "$BODY" "/api/kv/$store/entries/held" "$HOLD" "$work/held" "$SENT" "$DRIP" \
    >"$work/statuses" <<'PY' &
import socket, sys, time
port, clients, size, path, hold = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
ready, sent, drip = sys.argv[6], int(sys.argv[7]), float(sys.argv[8])
body = b'"' + b'a' * (size - 2) + b'"'
head = (f"PUT {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n").encode()
held = []
for _ in range(clients):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
    except OSError as refused:
        print(type(refused).__name__)
        continue
    held.append(s)
    try:
        s.sendall(head)
        s.sendall(body[:sent])
    except OSError:  # answered and closed before the whole body went out; the answer is read below
        pass
open(ready, "w").close()
end = time.monotonic() + hold
while drip > 0 and time.monotonic() + drip < end:
    time.sleep(drip)
    for s in held:
        try:
            s.sendall(body[sent:sent + 1])
        except OSError:  # answered and closed meanwhile; the answer is read below
            pass
    sent += 1
time.sleep(max(0, end - time.monotonic()))
for s in held:
    try:
        s.sendall(body[sent:])
    except OSError:  # the answer came early and the connection closed; it is read below
        pass
deadline = time.monotonic() + 20  # for all the answers together: an instance out of memory gives none
for s in held:
    try:
        s.settimeout(max(0.01, deadline - time.monotonic()))
        print(s.recv(64).split(b"\r\n")[0].decode() or "closed")
    except OSError as failed:
        print(type(failed).__name__)
PY
clients=$!
until [[ -e "$work/held" ]] || ! kill -0 "$clients" 2>/dev/null; do sleep 0.2; done
held_at=$SECONDS
python3 -c 'import sys; sys.stdout.write("\"" + "m" * 499998 + "\"")' >"$work/medium"
sleep 1
check() {
  echo "$1: counter $(curl -s -m 5 -o /dev/null -w '%{http_code} in %{time_total} s' -X POST "$API/api/counter/increment"), health $(curl -s -m 5 -o /dev/null -w '%{http_code} in %{time_total} s' "$MANAGEMENT/actuator/health"), a small put $(curl -s -m 5 -o /dev/null -w '%{http_code} in %{time_total} s' -X PUT -H 'Content-Type: application/json' -d '{"small":true}' "$API/api/kv/$store/entries/small"), a 500 KB put $(curl -s -m 5 -o /dev/null -w '%{http_code} in %{time_total} s' -X PUT -H 'Content-Type: application/json' --data-binary @"$work/medium" "$API/api/kv/$store/entries/medium")"
  curl -s -m 5 "$MANAGEMENT/actuator/prometheus" | grep '^genserver_web_buffered_bodies' || echo "(no body gauges)"
}
check meanwhile
if ((DRIP > 0)); then
  sleep $((held_at + HOLD - 3 - SECONDS))
  check "near the end of the hold"
fi
wait "$clients" || true
echo "== the held requests' answers"
sort "$work/statuses" | uniq -c
echo "afterwards: counter $(curl -s -m 5 -o /dev/null -w '%{http_code}' "$API/api/counter"), OutOfMemoryErrors in the log: $(grep -c OutOfMemoryError "$work/server.log" || true)"
