#!/usr/bin/env python3
"""A normal client's step latency while 5,000 idle sockets and a slowloris client hold on.

    benchmarks/idle_slowloris.py BIN_DIR [--idle 5000] [--slowloris 200] [--steps 5000]
                                 [--json OUT.json]

Starts BIN_DIR/gymcc serve on 127.0.0.1 (a free port) with the flags a production user would
pick for a shared network: --max-connections 8000, --header-timeout 10, --keep-alive-timeout 60.
Raises this process's soft open-file limit to what the sockets need, then opens `--idle`
sockets that send nothing and `--slowloris` sockets that drip one header byte every second, and
meanwhile steps CartPole-v1 `--steps` times over one keep-alive connection. Reports the step
latency p50/p99 (and, for reference, the same without the attack), the server's RSS before,
during and after, and how many slowloris sockets the server closed (the header timeout).
Exits 1 if a step fails. Stdlib only."""
import argparse
import json
import resource
import signal
import socket
import statistics
import sys
import threading
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from soak import Http, rss_kib, start_server  # noqa: E402  (same directory)

FLAGS = ["--max-connections", "8000", "--header-timeout", "10", "--keep-alive-timeout", "60"]


def step_latencies(port, steps):
    conn = Http(port)
    iid = conn.call("POST", "/v1/envs/", {"env_id": "CartPole-v1"})["instance_id"]
    conn.call("POST", f"/v1/envs/{iid}/reset/", {"seed": 0})
    out = []
    for i in range(steps):
        t = time.perf_counter()
        r = conn.call("POST", f"/v1/envs/{iid}/step/", {"action": i % 2})
        out.append((time.perf_counter() - t) * 1e6)
        if r["terminated"] or r["truncated"]:
            conn.call("POST", f"/v1/envs/{iid}/reset/", {})
    conn.call("DELETE", f"/v1/envs/{iid}/")
    conn.sock.close()
    return out


def pct(values, q):
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("bindir")
    ap.add_argument("--idle", type=int, default=5000)
    ap.add_argument("--slowloris", type=int, default=200)
    ap.add_argument("--steps", type=int, default=5000)
    ap.add_argument("--json")
    args = ap.parse_args()

    need = args.idle + args.slowloris + 256
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < need:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(need, hard), hard))  # the ulimit -n

    proc, port = start_server(args.bindir, FLAGS)
    report = {"server_flags": FLAGS, "idle_sockets": args.idle, "slowloris_sockets": args.slowloris,
              "steps": args.steps}
    stop = threading.Event()
    closed_by_server = [0]
    try:
        report["rss_before_kib"] = rss_kib(proc.pid)
        base = step_latencies(port, args.steps)
        report["baseline_p50_us"], report["baseline_p99_us"] = pct(base, 0.5), pct(base, 0.99)

        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(args.idle)]
        loris = [socket.create_connection(("127.0.0.1", port)) for _ in range(args.slowloris)]
        for s in loris:
            s.sendall(b"GET /v1/envs/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")

        def drip():
            live = list(loris)
            while live and not stop.is_set():
                for s in list(live):
                    try:
                        s.sendall(b"X")  # one byte of a header that never ends
                    except OSError:
                        live.remove(s)
                        closed_by_server[0] += 1
                stop.wait(1.0)

        dripper = threading.Thread(target=drip, daemon=True)
        dripper.start()
        time.sleep(1.0)
        report["rss_under_attack_kib"] = rss_kib(proc.pid)
        lat = step_latencies(port, args.steps)
        report["p50_us"], report["p99_us"] = pct(lat, 0.5), pct(lat, 0.99)
        report["max_us"] = round(max(lat), 1)
        report["mean_us"] = round(statistics.fmean(lat), 1)
        # Past --header-timeout the server must have cut the slowloris sockets.
        time.sleep(12.0)
        report["rss_after_header_timeout_kib"] = rss_kib(proc.pid)
        stop.set()
        dripper.join()
        report["slowloris_closed_by_server"] = closed_by_server[0]
        for s in idle + loris:
            s.close()
    finally:
        stop.set()
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)
    print(json.dumps(report, indent=2))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
