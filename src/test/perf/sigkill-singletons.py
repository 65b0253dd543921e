"""SIGKILL of one cluster member under writes to the replicated singletons, circuit breakers and rate limits.

python3 sigkill-singletons.py JAR OUT VICTIM [BEFORE AFTER [WRITERS]]
  Starts three members of JAR on loopback (API 18480/18490/18500, management +1, cluster 15901-15903, min-members 2),
  every TTL long and every bound large, so nothing expires, is evicted or idles out while it runs. WRITERS threads (8)
  write through every member for BEFORE seconds (8), then member VICTIM (0, 1, 2; "master": the oldest, the first in
  the cluster's member list; "host:SERVICE": the member hosting SERVICE's process, sessions, cache, events or counter,
  found by its metrics once the writes have begun) is killed with SIGKILL, and they write through the survivors for
  AFTER seconds more (8). The writes: sessions (create, refresh, delete), cache entries (put, delete), circuit breaker
  failures (threshold 5, so breakers open), rate-limit acquires of 1 to 80 permits out of 1000 (so some are refused),
  events, and the singleton counter's increments. Each is acknowledged (2xx), refused (4xx, a 429, a 503 circuit_open
  or max_*) or unknown (another 5xx, a broken connection, a timeout). Half the writers send each write under an
  Idempotency-Key of its own and retry it through a survivor until it is answered (20 s at most). Then, through both
  survivors: every acknowledged session reads with its user and its latest acknowledged refresh, unless a delete of it
  was sent; an acknowledged delete reads 404; every cache key holds the outcome of its last acknowledged write or of a
  later unknown one; every breaker's failures and state, every bucket's tokens, every event type's count and the
  counter lie between what the acknowledged writes make and what the unknown ones may add, refused ones adding
  nothing. Prints the figures and the violations; exits 1 on a violation. Kills its JVMs.
"""
import datetime
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid

JAVA = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"
if not os.path.exists(JAVA):
    JAVA = "java"
FLAGS = ("--sun-misc-unsafe-memory-access=allow --add-modules java.se --add-exports "
         "java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED --add-opens "
         "java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens "
         "java.management/sun.management=ALL-UNNAMED --add-opens "
         "jdk.management/com.sun.management.internal=ALL-UNNAMED").split()
API = [18480, 18490, 18500]
CLUSTER = [15901, 15902, 15903]
THRESHOLD = 5
CAPACITY = 1000
SETTINGS = [
    "--genserver.sessions.ttl=3600", "--genserver.sessions.max-count=1000000",
    "--genserver.cache.ttl=3600", "--genserver.cache.max-size=1000000",
    "--genserver.circuit-breaker.failure-threshold=%d" % THRESHOLD, "--genserver.circuit-breaker.open-timeout=3600",
    "--genserver.circuit-breaker.idle-timeout=3600", "--genserver.circuit-breaker.max-names=1000000",
    "--genserver.rate-limit.capacity=%d" % CAPACITY, "--genserver.rate-limit.refill-per-second=0.001",
    "--genserver.rate-limit.idle-timeout=2000000", "--genserver.rate-limit.max-keys=1000000",
    "--genserver.events.max-types=1000",
]
ACK, REFUSED, UNKNOWN = "acknowledged", "refused", "unknown"
RETRY_PATIENCE = 20


def launch(out, i):
    members = ",".join("127.0.0.1:%d" % p for p in CLUSTER)
    args = [JAVA, "-Xmx512m"] + FLAGS + ["-jar", JAR, "--server.address=127.0.0.1",
                                          "--management.server.address=127.0.0.1",
                                          "--server.port=%d" % API[i], "--management.server.port=%d" % (API[i] + 1),
                                          "--genserver.cluster.enabled=true", "--genserver.cluster.address=127.0.0.1",
                                          "--genserver.cluster.port=%d" % CLUSTER[i],
                                          "--genserver.cluster.members=" + members,
                                          "--genserver.cluster.min-members=2"] + SETTINGS
    log = open(os.path.join(out, "member-%d.log" % i), "w")
    return subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)


def request(port, method, path, body=None, key=None, timeout=30):
    """(status, parsed body or text); status 0 for a broken connection or a timeout."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if key:
        headers["Idempotency-Key"] = key
    try:
        conn.request(method, path, body=data, headers=headers)
        answer = conn.getresponse()
        text = answer.read().decode()
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = text
        return answer.status, parsed
    except (OSError, http.client.HTTPException):
        return 0, None
    finally:
        conn.close()


def fate(status, body):
    if 200 <= status < 300:
        return ACK
    error = body.get("error") if isinstance(body, dict) else None
    if 400 <= status < 500 and error != "idempotency_key_in_use":
        return REFUSED
    if status == 503 and error in ("circuit_open", "max_sessions", "max_children"):
        return REFUSED
    return UNKNOWN


class Probe:
    def __init__(self, out):
        self.out = out
        self.procs = []
        self.dead = set()
        self.stopping = False
        self.lock = threading.Lock()
        self.counts = {ACK: 0, REFUSED: 0, UNKNOWN: 0}
        self.retried = 0
        self.unresolved = []
        self.violations = []
        self.checks = 0
        # per writer: their own records
        self.sessions = {}     # id -> dict(user, refreshes: [(t, fate)], deletes: [fate])
        self.unknown_creates = 0
        self.cache = {}        # key -> [(op, value, fate)]
        self.breakers = {}     # name -> [fate of each failure]
        self.buckets = {}      # key -> [(permits, fate)]
        self.events = {}       # type -> [fate]
        self.counter = []      # fates of singleton counter increments

    def live_port(self, rnd):
        return API[rnd.choice([i for i in range(3) if i not in self.dead])]

    def send(self, rnd, keyed, method, path, body=None):
        """The write's fate and body; a keyed one is retried under its key while unknown or in use."""
        if not keyed:
            status, parsed = request(self.live_port(rnd), method, path, body)
            f = fate(status, parsed)
        else:
            key, deadline, attempt = str(uuid.uuid4()), time.time() + RETRY_PATIENCE, 0
            while True:
                attempt += 1
                status, parsed = request(self.live_port(rnd), method, path, body, key)
                f = fate(status, parsed)
                if f != UNKNOWN:
                    if attempt > 1:
                        with self.lock:
                            self.retried += 1
                    break
                if time.time() > deadline:
                    with self.lock:
                        self.unresolved.append("%s %s: %s %s" % (method, path, status, parsed))
                    break
                time.sleep(0.2)
        with self.lock:
            self.counts[f] += 1
        return f, parsed

    def write(self, w):
        rnd = random.Random(w)
        keyed = w % 2 == 1
        mine, cache_keys, n, breaker, bucket = [], ["k%d-%d" % (w, i) for i in range(8)], 0, 0, 0
        while not self.stopping:
            n += 1
            op = n % 9
            if op == 0 or (op in (1, 2) and not mine):
                sent = time.time()
                f, body = self.send(rnd, keyed, "POST", "/api/sessions", {"userId": "u%d-%d" % (w, n)})
                if f == ACK:
                    sid = body["sessionId"]
                    with self.lock:
                        self.sessions[sid] = {"user": "u%d-%d" % (w, n), "created": sent, "refreshes": [],
                                              "deletes": []}
                    mine.append(sid)
                elif f == UNKNOWN:
                    with self.lock:
                        self.unknown_creates += 1
            elif op == 1:
                sid = rnd.choice(mine)
                sent = time.time()
                f, _ = self.send(rnd, keyed, "POST", "/api/sessions/%s/refresh" % sid)
                self.sessions[sid]["refreshes"].append((sent, f))
            elif op == 2:
                if n % 4 == 2:
                    sid = mine.pop(rnd.randrange(len(mine)))
                    f, _ = self.send(rnd, keyed, "DELETE", "/api/sessions/%s" % sid)
                    self.sessions[sid]["deletes"].append(f)
            elif op == 3:
                k = rnd.choice(cache_keys)
                if rnd.random() < 0.2:
                    f, _ = self.send(rnd, keyed, "DELETE", "/api/cache/entries/" + k)
                    self.cache.setdefault(k, []).append(("delete", None, f))
                else:
                    value = {"w": w, "n": n}
                    f, _ = self.send(rnd, keyed, "PUT", "/api/cache/entries/" + k, value)
                    self.cache.setdefault(k, []).append(("put", value, f))
            elif op in (4, 7):
                name = "b%d-%d" % (w, breaker)
                f, _ = self.send(rnd, keyed, "POST", "/api/circuit-breakers/%s/failure" % name)
                fates = self.breakers.setdefault(name, [])
                fates.append(f)
                if len(fates) >= THRESHOLD + 3:
                    breaker += 1
            elif op == 5:
                name = "r%d-%d" % (w, bucket)
                permits = rnd.randint(1, 80)
                f, _ = self.send(rnd, keyed, "POST", "/api/rate-limits/%s/acquire?permits=%d" % (name, permits))
                grants = self.buckets.setdefault(name, [])
                grants.append((permits, f))
                if len(grants) >= 25:
                    bucket += 1
            elif op == 6:
                f, _ = self.send(rnd, keyed, "POST", "/api/events", {"type": "t%d" % w, "payload": n})
                self.events.setdefault("t%d" % w, []).append(f)
            else:
                f, _ = self.send(rnd, keyed, "POST", "/api/counter/increment")
                with self.lock:
                    self.counter.append(f)

    def violation(self, text):
        self.violations.append(text)
        print("VIOLATION: " + text, flush=True)

    def check(self, ok, text):
        self.checks += 1
        if not ok:
            self.violation(text)

    def read(self, port, method, path):
        """A read through a survivor, asked again while it is 503 indeterminate/unavailable (it changes nothing
        that the checks count on but recency)."""
        for _ in range(20):
            status, body = request(port, method, path)
            if status != 0 and status != 503:
                return status, body
            time.sleep(0.5)
        return status, body

    def verify(self, survivors):
        for port in survivors:
            for sid, s in self.sessions.items():
                status, body = self.read(port, "GET", "/api/sessions/" + sid)
                if ACK in s["deletes"]:
                    self.check(status == 404,
                               "session %s deleted (acknowledged) reads %s through %d" % (sid, status, port))
                elif s["deletes"]:
                    self.check(status in (200, 404), "session %s, delete unknown, reads %s" % (sid, status))
                else:
                    self.check(status == 200 and body["userId"] == s["user"],
                               "session %s reads %s %s through %d" % (sid, status, body, port))
                    acked = [t for t, f in s["refreshes"] if f == ACK]
                    if status == 200 and acked:
                        last = parse_instant(body["lastAccessed"])
                        self.check(last >= max(acked) - 0.002,
                                   "session %s lastAccessed %s before its acknowledged refresh at %.3f through %d"
                                   % (sid, body["lastAccessed"], max(acked), port))
            for k, ops in self.cache.items():
                status, body = self.read(port, "GET", "/api/cache/entries/" + k)
                outcome = ("put", body.get("value")) if status == 200 else ("delete", None) if status == 404 else None
                last_ack = max([i for i, (_, _, f) in enumerate(ops) if f == ACK], default=-1)
                allowed = [(op, v) for i, (op, v, f) in enumerate(ops)
                           if (i == last_ack) or (i > last_ack and f == UNKNOWN)]
                if last_ack == -1:
                    allowed.append(("delete", None))
                self.check(outcome in allowed, "cache %s reads %s %s through %d; allowed %s" % (k, status, body, port,
                                                                                              allowed[-3:]))
            for name, fates in self.breakers.items():
                a, u = fates.count(ACK), fates.count(UNKNOWN)
                status, body = self.read(port, "GET", "/api/circuit-breakers/" + name)
                state, failures = body.get("state"), body.get("failures")
                closed_ok = state == "closed" and a <= failures <= a + u
                if a >= THRESHOLD:
                    ok = state == "open"
                elif a + u < THRESHOLD:
                    ok = closed_ok
                else:
                    ok = state == "open" or closed_ok
                self.check(status == 200 and ok, "breaker %s reads %s %s through %d; %d acknowledged, %d unknown"
                           % (name, status, body, port, a, u))
            for name, grants in self.buckets.items():
                taken = sum(p for p, f in grants if f == ACK)
                maybe = sum(p for p, f in grants if f == UNKNOWN)
                status, body = self.read(port, "GET", "/api/rate-limits/" + name)
                available = body.get("available") if status == 200 else None
                self.check(available is not None and CAPACITY - taken - maybe <= available <= CAPACITY - taken + 1,
                           "bucket %s reads %s %s through %d; taken %d, maybe %d, refused %d"
                           % (name, status, body, port, taken, maybe, sum(1 for _, f in grants if f == REFUSED)))
            status, stats = self.read(port, "GET", "/api/events/stats")
            for t, fates in self.events.items():
                got = stats["byType"].get(t, 0)
                self.check(fates.count(ACK) <= got <= fates.count(ACK) + fates.count(UNKNOWN),
                           "events %s: %d through %d; %d acknowledged, %d unknown"
                           % (t, got, port, fates.count(ACK), fates.count(UNKNOWN)))
            status, body = self.read(port, "GET", "/api/counter")
            a, u = self.counter.count(ACK), self.counter.count(UNKNOWN)
            self.check(status == 200 and a <= body["value"] <= a + u,
                       "counter %s through %d; %d acknowledged, %d unknown" % (body, port, a, u))
            status, stats = self.read(port, "GET", "/api/sessions/stats")
            alive = [s for s in self.sessions.values() if not s["deletes"]]
            maybe = [s for s in self.sessions.values() if s["deletes"] and ACK not in s["deletes"]]
            most = len(alive) + len(maybe) + self.unknown_creates
            self.check(status == 200 and len(alive) <= stats["active"] <= most,
                       "sessions active %s through %d; %d alive, %d maybe deleted, %d unknown creates"
                       % (stats, port, len(alive), len(maybe), self.unknown_creates))


def parse_instant(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def ready(i):
    status, body = request(API[i] + 1, "GET", "/actuator/health/readiness", timeout=5)
    return status == 200


def master_index():
    status, body = request(API[0] + 1, "GET", "/actuator/health/readiness", timeout=5)
    members = json.dumps(body)
    first = min(members.find(":%d" % p) if members.find(":%d" % p) >= 0 else 10 ** 9 for p in CLUSTER)
    return [i for i, p in enumerate(CLUSTER) if members.find(":%d" % p) == first][0], body


def host_of(service):
    """The member hosting SERVICE's process: the one whose messages to it took the local route."""
    for i in range(3):
        status, text = request(API[i] + 1, "GET", "/actuator/prometheus", timeout=10)
        for line in (text or "").splitlines() if isinstance(text, str) else []:
            if line.startswith("genserver_cluster_messages_seconds_count") and 'service="%s"' % service in line \
                    and 'route="local"' in line and float(line.split()[-1]) > 0:
                return i
    raise SystemExit("no member hosts %s" % service)


def main():
    global JAR
    JAR, out, victim = sys.argv[1], sys.argv[2], sys.argv[3]
    before = float(sys.argv[4]) if len(sys.argv) > 4 else 8
    after = float(sys.argv[5]) if len(sys.argv) > 5 else 8
    writers = int(sys.argv[6]) if len(sys.argv) > 6 else 8
    os.makedirs(out, exist_ok=True)
    probe = Probe(out)
    started = time.time()
    try:
        probe.procs = [launch(out, i) for i in range(3)]
        deadline = time.time() + 240
        while not all(ready(i) for i in range(3)):
            if time.time() > deadline or any(p.poll() is not None for p in probe.procs):
                raise SystemExit("the members did not become ready; see %s" % out)
            time.sleep(1)
        master, health = master_index()
        victim = str(master) if victim == "master" else victim
        hosted = victim.startswith("host:")
        victim = victim if hosted else int(victim)
        print("ready after %.0f s; master is member %d (API %d); victim %s"
              % (time.time() - started, master, API[master], victim), flush=True)
        writers = [threading.Thread(target=probe.write, args=(w,)) for w in range(writers)]
        for t in writers:
            t.start()
        time.sleep(before)
        if hosted:
            service = victim[len("host:"):]
            victim = host_of(service)
            print("member %d (API %d) hosts %s" % (victim, API[victim], service), flush=True)
        before_kill = dict(probe.counts)
        os.kill(probe.procs[victim].pid, signal.SIGKILL)
        probe.dead.add(victim)
        killed = time.time()
        time.sleep(after)
        probe.stopping = True
        for t in writers:
            t.join(RETRY_PATIENCE + 40)
        print("writes: %s (before the kill: %s); keyed writes retried until answered %d; unresolved %d; writing "
              "ended %.1f s after the kill" % (probe.counts, before_kill, probe.retried, len(probe.unresolved),
                                               time.time() - killed), flush=True)
        for u in probe.unresolved[:10]:
            print("unresolved: " + u)
        survivors = [API[i] for i in range(3) if i != victim]
        print("sessions %d, cache keys %d, breakers %d (open by acknowledged failures %d), buckets %d, event types %d,"
              " counter increments %d" % (len(probe.sessions), len(probe.cache), len(probe.breakers),
                                          sum(1 for f in probe.breakers.values() if f.count(ACK) >= THRESHOLD),
                                          len(probe.buckets), len(probe.events), len(probe.counter)), flush=True)
        probe.verify(survivors)
        print("checks %d through %s: %d violations" % (probe.checks, survivors, len(probe.violations)), flush=True)
        return 1 if probe.violations or probe.unresolved else 0
    finally:
        probe.stopping = True
        for p in probe.procs:
            if p.poll() is None:
                p.kill()
                p.wait()


if __name__ == "__main__":
    sys.exit(main())
