"""join.sh's clients and report.

drive PORT NAMES CLIENTS OUT STOP: CLIENTS connections incrementing named counters c0..c<NAMES-1> in turn until the
file STOP exists (5 minutes at most); writes each one's start (epoch s), latency (s), status and name to OUT.
report DIR: from DIR's a.log (member A's), b-launched, load and writes.
"""
import datetime
import http.client
import os
import re
import sys
import threading
import time


def drive(port, names, clients, out, stop):
    results, lock, deadline = [], threading.Lock(), time.time() + 300

    def client(first):
        conn, i = http.client.HTTPConnection("127.0.0.1", port, timeout=150), first
        while time.time() < deadline and not os.path.exists(stop):
            name, i = "c%d" % (i % names), i + clients
            start = time.time()
            try:
                conn.request("POST", "/api/counters/%s/increment" % name)
                answer = conn.getresponse()
                answer.read()
                status = answer.status
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=150)
            with lock:
                results.append((start, time.time() - start, status, name))

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open(out, "w") as f:
        for start, latency, status, name in sorted(results):
            f.write("%.3f %.4f %d %s\n" % (start, latency, status, name))


def epoch(line):
    # Boot's log time with its offset (Z or +hh:mm): the machine need not run on UTC
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+)(Z|[+-]\d\d:\d\d)", line)
    return datetime.datetime.fromisoformat(m.group(1) + m.group(2).replace("Z", "+00:00")).timestamp() if m else None


def report(d):
    marks, last = {}, None
    for line in open(d + "/a.log"):
        last = line if epoch(line) else last
        for key, text in (("joined", "Members {size:2"), ("migrations start", "Repartitioning cluster data"),
                          ("end", "All migration tasks have been completed")):
            if text in line and key not in marks:
                marks[key] = epoch(line) or epoch(last)
    joined = marks["joined"]
    launched = float(open(d + "/b-launched").read())
    load = " / ".join(line.split("load average:")[1].strip() for line in open(d + "/load"))
    print("B joined %.1f s after its launch; migrations %+.2f..%+.2f s from the join; load average %s" % (
        joined - launched, marks.get("migrations start", joined) - joined, marks.get("end", joined) - joined, load))
    rows = [line.split() for line in open(d + "/writes")]
    alone = [float(r[1]) for r in rows if launched - 8 < float(r[0]) < launched]
    since = [float(r[1]) for r in rows if float(r[0]) + float(r[1]) >= joined]
    print("alone (the 8 s before B's launch): %d writes, slowest %.0f ms | from the join on: %d writes, slowest "
          "%.0f ms, over 100 ms %d, over 1 s %d | answers other than 200: %d" % (
              len(alone), 1000 * max(alone or [0]), len(since), 1000 * max(since or [0]),
              sum(1 for x in since if x > 0.1), sum(1 for x in since if x > 1), sum(1 for r in rows if r[2] != "200")))


if __name__ == "__main__":
    if sys.argv[1] == "drive":
        drive(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6])
    else:
        report(sys.argv[2])
