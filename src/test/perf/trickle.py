#!/usr/bin/env python3
"""Trickles a JSON request body to 127.0.0.1, one byte every INTERVAL seconds, while a reader thread prints when the
answer's first bytes and the connection's end arrive (docs/reliability.md, the body timeout's row). Run the jar with
a short --genserver.web.body-timeout (3s) and, for STOP, a short --server.tomcat.connection-timeout.

usage: src/test/perf/trickle.py PORT PATH LENGTH INTERVAL [chunked] [stop=N]
  PATH      a put's path, e.g. /api/kv/ID/entries/a (POST /api/kv gives an ID)
  chunked   send the body chunked, a byte a chunk, instead of with a Content-Length of LENGTH
  stop=N    send only the first N bytes of the body, then wait for the answer and the end
"""
import socket, sys, threading, time

port, path, length, interval = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
chunked = "chunked" in sys.argv[5:]
stop = next((int(a[5:]) for a in sys.argv[5:] if a.startswith("stop=")), None)
s = socket.create_connection(("127.0.0.1", port))
t0 = time.monotonic()
events = []
def log(what):
    line = "%7.2f s  %s" % (time.monotonic() - t0, what)
    events.append(line); print(line, flush=True)

framing = "Transfer-Encoding: chunked\r\n" if chunked else "Content-Length: %d\r\n" % length
s.sendall(("POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n%s\r\n" % (path, framing)).encode())
body = ('"' + "a" * (length - 2) + '"').encode()
done = threading.Event()
def reader():
    got = b""
    while True:
        try:
            data = s.recv(65536)
        except OSError as e:
            log("read error %r" % e); break
        if not data:
            log("EOF after %d answer bytes" % len(got)); break
        if not got:
            log("first answer bytes: %r" % data.split(b"\r\n")[0])
        got += data
    print(got.decode(errors="replace"), flush=True)
    done.set()
threading.Thread(target=reader, daemon=True).start()
sent = 0
try:
    for i, b in enumerate(body):
        if done.is_set() or sent == stop:
            break
        piece = bytes([b])
        s.sendall(b"1\r\n" + piece + b"\r\n" if chunked else piece)
        sent += 1
        time.sleep(interval)
    if chunked and not done.is_set():
        s.sendall(b"0\r\n\r\n")
    log("stopped sending after %d of %d body bytes" % (sent, length))
except OSError as e:
    log("write error after %d body bytes: %r" % (sent, e))
done.wait(200)
