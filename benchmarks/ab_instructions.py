#!/usr/bin/env python3
"""A/B of two gymcc server builds, for changes on the request path.

    benchmarks/ab_instructions.py OLD_BIN_DIR NEW_BIN_DIR cg        # callgrind instructions
    benchmarks/ab_instructions.py OLD_BIN_DIR NEW_BIN_DIR wall [N]  # N interleaved rounds

`cg` runs each server under callgrind and counts user-space instructions per single-env
HTTP step and per 64-env vector step (the difference between a 1,200- and a 200-step run,
so start-up cancels): repeatable whatever else the machine does. `wall` alternates the two
servers N times and prints the medians of gymcc_http_load's 1-connection p50, its
64-connection throughput and gymcc_ws_load's batched vector env-steps/s (the load generators
come from NEW_BIN_DIR). Prints numbers, asserts nothing."""
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

OLD, NEW = sys.argv[1], sys.argv[2]
LOAD = NEW  # one load generator for both

def start(bindir, valgrind=None):
    cmd = [f"{bindir}/gymcc", "serve", "--host", "127.0.0.1", "--port", "0", "--threads", "2"]
    if valgrind:
        cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={valgrind}"] + cmd
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in p.stdout:
        m = re.search(r"127\.0\.0\.1:(\d+)", line)
        if m:
            port = int(m.group(1)); break
    # drain stdout in background
    threading.Thread(target=lambda: [None for _ in p.stdout], daemon=True).start()
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), 1).close(); break
        except OSError:
            time.sleep(0.05)
    return p, port

def stop(p):
    p.send_signal(signal.SIGTERM); p.wait(60)

def http(sock, method, path, body=b""):
    req = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    sock.sendall(req)
    buf = b""
    while b"\r\n\r\n" not in buf:
        buf += sock.recv(65536)
    head, rest = buf.split(b"\r\n\r\n", 1)
    n = int(re.search(rb"[Cc]ontent-[Ll]ength: (\d+)", head).group(1))
    while len(rest) < n:
        rest += sock.recv(65536)
    return json.loads(rest[:n]) if n else None

def steps(port, n, vector=False):
    s = socket.create_connection(("127.0.0.1", port)); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if vector:
        iid = http(s, "POST", "/v1/vector_envs/", b'{"env_id":"CartPole-v1","num_envs":64}')["instance_id"]
        base = f"/v1/vector_envs/{iid}"
        body = json.dumps({"actions": [i % 2 for i in range(64)]}).encode()
    else:
        iid = http(s, "POST", "/v1/envs/", b'{"env_id":"CartPole-v1"}')["instance_id"]
        base = f"/v1/envs/{iid}"
        body = b'{"action":1}'
    http(s, "POST", base + "/reset/", b'{"seed":1}')
    for i in range(n):
        r = http(s, "POST", base + "/step/", body)
        if not vector and (r["terminated"] or r["truncated"]):
            http(s, "POST", base + "/reset/", b'{"seed":%d}' % i)
    s.close()

def callgrind_total(f):
    for line in open(f):
        if line.startswith("summary:") or line.startswith("totals:"):
            return int(line.split()[1])
    raise RuntimeError(f)

def instructions(bindir, tag, vector):
    out = {}
    for n in (200, 1200):
        f = f"/tmp/gymcc-ab-cg.{tag}.{int(vector)}.{n}"
        p, port = start(bindir, valgrind=f)
        steps(port, n, vector)
        stop(p)
        out[n] = callgrind_total(f)
    return (out[1200] - out[200]) / 1000

def wall(bindir):
    p, port = start(bindir)
    try:
        r1 = json.loads(subprocess.run([f"{LOAD}/gymcc_http_load", "--port", str(port), "--mode", "step",
              "--connections", "1", "--duration", "4", "--warmup", "1", "--env-id", "CartPole-v1",
              "--action", "0", "--action", "1"], capture_output=True, text=True, timeout=90).stdout)
        r64 = json.loads(subprocess.run([f"{LOAD}/gymcc_http_load", "--port", str(port), "--mode", "step",
              "--connections", "64", "--duration", "4", "--warmup", "1", "--env-id", "CartPole-v1",
              "--action", "0", "--action", "1"], capture_output=True, text=True, timeout=90).stdout)
        rv = subprocess.run([f"{LOAD}/gymcc_ws_load", "http-vector", "--port", str(port), "--env-id", "CartPole-v1",
              "--num-envs", "64", "--connections", "2", "--duration", "4", "--warmup", "1"],
              capture_output=True, text=True, timeout=90).stdout.strip().splitlines()[-1]
        rv = json.loads(rv)
        return dict(p50_us=r1["latency_us"]["p50"], rps64=r64["throughput_rps"], vec_env_steps=rv["env_steps_per_s"])
    finally:
        stop(p)

if __name__ == "__main__":
    what = sys.argv[3]
    res = {}
    if what in ("cg", "all"):
        for tag, b in (("old", OLD), ("new", NEW)):
            res[f"{tag}_instr_per_step"] = instructions(b, tag, False)
            res[f"{tag}_instr_per_vecstep64"] = instructions(b, tag, True)
        print(json.dumps(res), flush=True)
    if what in ("wall", "all"):
        rounds = {"old": [], "new": []}
        for r in range(int(sys.argv[4]) if len(sys.argv) > 4 else 5):
            for tag, b in (("old", OLD), ("new", NEW)) if r % 2 == 0 else (("new", NEW), ("old", OLD)):
                rounds[tag].append(wall(b))
                print(tag, rounds[tag][-1], os.getloadavg()[0], flush=True)
        for tag in rounds:
            print(tag, {k: statistics.median(x[k] for x in rounds[tag]) for k in rounds[tag][0]})
