#!/usr/bin/env python3
"""The gymcc benchmark: native vs HTTP step latency, against Python Gymnasium,
EnvPool and an nginx floor, and the fast paths (WebSocket sessions, MessagePack,
vector envs) against a raw TCP ping-pong, in one interleaved run.

Run it through benchmarks/run.sh (which sets up and builds Release first);
this script only measures. Every repetition runs every channel once, in an
order rotated per repetition, so drift (thermal, other load) hits all channels
alike. Each figure is the median of the repetitions, shown with min and max.

Writes <out>/latest.json, latest.md and latest.png (see benchmarks/README.md).
Targets are reported (pass/miss), never asserted: the exit code is 0 whenever
the JSON was written and is well-formed, whatever the numbers.

Servers (gymcc serve, nginx) bind 127.0.0.1 on free ports, are children of
this process (they die with it: PR_SET_PDEATHSIG) and are always stopped by
their own pid. Every load is bounded in time.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import datetime as dt
import http.client
import importlib
import importlib.metadata
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(BENCH))
import clients  # noqa: E402  (benchmarks/clients.py: the clients' step channels)

WRK_LUA = BENCH / "http" / "wrk.lua"
SCHEMA = "gymcc-bench/1"

ENVS = ["CartPole-v1", "Pendulum-v1", "FrozenLake-v1"]
# Actions every channel cycles through, as JSON (HTTP) and per-language below.
# Alternating CartPole actions keep the pole up for long stretches.
ACTIONS_JSON = {
    "CartPole-v1": ["0", "1"],
    "Pendulum-v1": ["[-2.0]", "[2.0]"],
    "FrozenLake-v1": ["0", "1", "2", "3"],
}
# The floor's request path: as long as a step path with a uuid4 instance id.
FLOOR_PATH = "/v1/envs/00000000-0000-0000-0000-000000000000/step/"

PROFILES = {
    # reps, HTTP seconds per channel, HTTP warm-up, Python/EnvPool seconds per
    # env, Google Benchmark min time, live instances for the memory figure
    "full": dict(reps=3, http=3.0, warmup=0.5, py=1.5, native=0.3, instances=10000),
    "quick": dict(reps=2, http=1.0, warmup=0.2, py=0.4, native=0.05, instances=1000),
    "smoke": dict(reps=1, http=0.3, warmup=0.1, py=0.1, native=0.01, instances=200),
}
CDF_POINTS = 64

# The fast paths (docs/fast-paths.md), measured by gymcc_ws_load.
FAST_ENV = "CartPole-v1"
FAST_NUM_ENVS = 1024        # sub-envs per vector env, i.e. per message
# The vector loads use one WebSocket (client thread) or one HTTP connection per core, as
# many as the server has threads; 2 vector envs per socket keep the socket busy while a
# reply is decoded (2 sockets x 2 measured best on 2 cores, ahead of 2 x 1, 2 x 4 and 1 x 4).
FAST_WS_ENVS_PER_SOCKET = 2  # vector envs per socket, one step in flight each
# gRPC pipelining (docs/grpc.md): step requests in flight on one stream.
GRPC_WINDOW = 32
FAST_PY_NUM_ENVS = [16, 256, 1024]  # vector sizes of the Python rollout (python_step.py)
PYTHON_STEP = BENCH / "python_step.py"

# ----------------------------------------------------------------------------
# Child processes: always ours, always stopped.

_libc = ctypes.CDLL(None, use_errno=True)


def _die_with_parent() -> None:
    # PR_SET_PDEATHSIG = 1: the child gets SIGTERM if this process dies,
    # even by SIGKILL, so no server outlives a killed harness.
    _libc.prctl(1, signal.SIGTERM, 0, 0, 0)


def popen(cmd, **kw) -> subprocess.Popen:
    return subprocess.Popen([str(c) for c in cmd], preexec_fn=_die_with_parent, **kw)


def run_capture(cmd, timeout: float, env=None) -> subprocess.CompletedProcess:
    """Runs a bounded child; on timeout it is killed and TimeoutExpired raised."""
    with popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as p:
        try:
            out, err = p.communicate(timeout=timeout)
        except BaseException:
            p.kill()
            p.communicate()
            raise
        return subprocess.CompletedProcess(p.args, p.returncode, out, err)


def stop_process(p: subprocess.Popen | None, sig=signal.SIGTERM, grace: float = 5.0) -> None:
    if p is None or p.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        p.send_signal(sig)
    try:
        p.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            p.kill()
        p.wait(timeout=grace)


class _Terminated(BaseException):
    pass


def _on_sigterm(signum, frame):
    raise _Terminated(f"signal {signum}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return True
        time.sleep(0.05)
    return False


class GymccServer:
    """`gymcc serve` on 127.0.0.1, a free port, as our child."""

    def __init__(self, gymcc: Path, threads: int, work: Path, name: str, grpc: bool = False):
        self.out = work / f"{name}.out"
        self.err = work / f"{name}.err"
        with open(self.out, "w") as out, open(self.err, "w") as err:
            self.proc = popen([gymcc, "serve", "--host", "127.0.0.1", "--port", "0",
                               "--threads", threads, "--log-level", "warning",
                               "--max-envs", "1000000", *(["--grpc-port", "0"] if grpc else [])],
                              stdout=out, stderr=err)
        deadline = time.monotonic() + 15
        self.port = 0
        self.grpc_port = 0  # with `grpc`: dm_env_rpc over gRPC (docs/grpc.md)
        while time.monotonic() < deadline and self.proc.poll() is None:
            text = self.out.read_text()
            m = re.search(r"http://127\.0\.0\.1:(\d+)", text)
            g = re.search(r"gRPC on 127\.0\.0\.1:(\d+)", text)
            if m and (g or not grpc):
                self.port = int(m.group(1))
                self.grpc_port = int(g.group(1)) if g else 0
                break
            time.sleep(0.02)
        if not self.port:
            self.stop()
            raise RuntimeError(f"gymcc serve did not start: {self.err.read_text()[-500:]}")

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def request(self, method: str, path: str, body: object | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            data = None if body is None else json.dumps(body)
            conn.request(method, path, body=data, headers={"Content-Type": "application/json"})
            r = conn.getresponse()
            raw = r.read()
            if r.status != 200:
                raise RuntimeError(f"{method} {path}: HTTP {r.status} {raw[:200]!r}")
            return raw
        finally:
            conn.close()

    def create(self, env_id: str, seed: int) -> str:
        iid = json.loads(self.request("POST", "/v1/envs/", {"env_id": env_id}))["instance_id"]
        self.request("POST", f"/v1/envs/{iid}/reset/", {"seed": seed})
        return iid

    def pin(self, cpus: set[int] | None) -> None:
        """Sets the CPU affinity of every thread of the server (None: every CPU)."""
        cpus = cpus or os.sched_getaffinity(0)
        for tid in os.listdir(f"/proc/{self.proc.pid}/task"):
            with contextlib.suppress(ProcessLookupError):
                os.sched_setaffinity(int(tid), cpus)

    def fast_paths(self) -> str | None:
        """None if the server has the fast paths (vector envs, /v1/ws), else why not."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", "/v1/vector_envs/")
            r = conn.getresponse()
            r.read()
            if r.status != 200:
                return f"GET /v1/vector_envs/ answered HTTP {r.status}"
        finally:
            conn.close()
        with socket.create_connection(("127.0.0.1", self.port), 10) as sock:
            sock.sendall(b"GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                         b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                         b"Sec-WebSocket-Version: 13\r\n\r\n")
            status = sock.recv(4096).split(b"\r\n", 1)[0].decode(errors="replace")
        if " 101 " not in status + " ":
            return f"GET /v1/ws answered {status!r}, not 101"
        return None

    def stop(self) -> None:
        stop_process(self.proc)


class Nginx:
    """nginx answering a fixed body, private config and prefix in a temp dir,
    master in the foreground as our child (daemon off), stopped by its pid."""

    def __init__(self, work: Path, body: bytes, workers: int):
        self.dir = work / "nginx"
        self.dir.mkdir()
        os.chmod(work, 0o755)
        os.chmod(self.dir, 0o755)
        text = body.decode()
        if "$" in text or "\n" in text:
            raise RuntimeError("the step body cannot be embedded in nginx's return directive")
        literal = text.replace("\\", "\\\\").replace("'", "\\'")
        # Debian's nginx writes temp files under /var/lib/nginx unless told otherwise.
        version_info = subprocess.run(["nginx", "-V"], capture_output=True, text=True).stderr
        temp_paths = []
        for module, directive in [("client-body", "client_body"), ("proxy", "proxy"),
                                  ("fastcgi", "fastcgi"), ("uwsgi", "uwsgi"), ("scgi", "scgi")]:
            if f"--http-{module}-temp-path" in version_info and \
                    f"--without-http_{directive}_module" not in version_info:
                temp_paths.append(f"  {directive}_temp_path {self.dir}/{directive}_temp;")
        self.err_log = self.dir / "error.log"
        last_error = ""
        for _ in range(3):  # a free port can be taken between probe and bind
            self.port = free_port()
            conf = self.dir / "nginx.conf"
            conf.write_text(f"""daemon off;
master_process on;
worker_processes {workers};
pid {self.dir}/nginx.pid;
error_log {self.err_log} warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
{chr(10).join(temp_paths)}
  keepalive_requests 1000000000;
  keepalive_timeout 300s;
  server {{
    listen 127.0.0.1:{self.port};
    location / {{ default_type application/json; return 200 '{literal}'; }}
  }}
}}
""")
            self.proc = popen(["nginx", "-e", self.err_log, "-p", self.dir, "-c", conf],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if wait_port(self.port, 5) and self.proc.poll() is None:
                return
            last_error = self.err_log.read_text()[-300:] if self.err_log.exists() else ""
            self.stop()
        raise RuntimeError(f"nginx did not start: {last_error}")

    def stop(self) -> None:
        stop_process(self.proc, signal.SIGTERM)  # the master stops its workers


# ----------------------------------------------------------------------------
# Statistics


def summarize(values: list[float]) -> dict | None:
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "n": len(values)}


class Channel:
    """One measured thing; one run per repetition."""

    def __init__(self, key: str, group: str, label: str, unit: str, **meta):
        self.key, self.group, self.label, self.unit = key, group, label, unit
        self.meta = meta
        self.runs: list[dict] = []
        self.errors: list[str] = []

    def to_json(self) -> dict:
        metrics: dict[str, list] = {}
        for r in self.runs:
            for k, v in r.items():
                if k != "rep" and isinstance(v, (int, float)) and not isinstance(v, bool):
                    metrics.setdefault(k, []).append(v)
        summary = {k: summarize(v) for k, v in metrics.items()}
        out = {"key": self.key, "group": self.group, "label": self.label, "unit": self.unit,
               **self.meta, "runs": self.runs, "summary": summary}
        if self.errors:
            out["errors"] = self.errors
        # The latency distribution of the run whose p50 is the median one (for the chart).
        with_cdf = [r for r in self.runs if r.get("cdf")]
        if with_cdf:
            with_cdf.sort(key=lambda r: r.get("p50", 0))
            out["cdf"] = with_cdf[len(with_cdf) // 2]["cdf"]
            for r in self.runs:
                r.pop("cdf", None)
        return out


# ----------------------------------------------------------------------------
# Workers: run in a child Python so imports and threads do not mix.


def python_actions(env_id: str, np):
    if env_id.startswith("Pendulum"):
        return [np.array([-2.0], dtype=np.float32), np.array([2.0], dtype=np.float32)]
    return [int(a) for a in ACTIONS_JSON.get(env_id, ["0", "1"])]


def timed_loop(step, reset, actions, seconds: float) -> dict:
    """Steps until `seconds` have passed (checked every 64 steps); resets
    inside the timed loop when an episode ends, as a training loop would."""
    from time import perf_counter
    k = len(actions)
    n = resets = 0
    # Warm-up: a few hundred steps.
    for i in range(256):
        if step(actions[i % k]):
            reset()
    start = perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(64):
            if step(actions[n % k]):
                reset()
                resets += 1
            n += 1
        now = perf_counter()
        if now >= deadline:
            break
    return {"us_per_step": (now - start) / n * 1e6, "steps": n, "resets": resets}


def worker_python(impl: str, env_ids: list[str], seconds: float) -> dict:
    import warnings
    warnings.filterwarnings("ignore")
    import numpy as np
    mod = __import__("gymnasium" if impl == "gymnasium" else "gymcc")
    out = {}
    for env_id in env_ids:
        try:
            env = mod.make(env_id)
            env.reset(seed=0)
            actions = python_actions(env_id, np)
            try:
                env.step(actions[0])
            except (TypeError, ValueError):  # a binding that wants lists, not arrays
                actions = [a.tolist() if hasattr(a, "tolist") else a for a in actions]
                env.step(actions[0])
            env.reset(seed=0)

            def step(a, env=env):
                _, _, terminated, truncated, _ = env.step(a)
                return terminated or truncated

            out[env_id] = timed_loop(step, lambda env=env: env.reset(), actions, seconds)
            env.close()
        except Exception as e:  # noqa: BLE001 - reported, not fatal
            out[env_id] = {"error": f"{type(e).__name__}: {e}"}
    return out


def worker_envpool(env_ids: list[str], seconds: float, batch: int, threads: int) -> dict:
    import warnings
    warnings.filterwarnings("ignore")
    import numpy as np
    import envpool
    registered = set(envpool.list_all_envs())
    out = {"single": {}, "batched": {}}
    for env_id in env_ids:
        if env_id not in registered:
            out["single"][env_id] = {"error": f"{env_id} is not an EnvPool env"}
            continue
        try:
            env = envpool.make(env_id, env_type="gymnasium", num_envs=1, batch_size=1,
                               num_threads=1, seed=0)
            env.reset()
            shaped = [np.array([a]) for a in python_actions(env_id, np)]
            # EnvPool resets finished envs by itself on the next step.
            out["single"][env_id] = timed_loop(lambda a: (env.step(a), False)[1], lambda: None,
                                               shaped, seconds)
            env.close()
        except Exception as e:  # noqa: BLE001
            out["single"][env_id] = {"error": f"{type(e).__name__}: {e}"}
    env_id = "CartPole-v1"
    try:
        env = envpool.make(env_id, env_type="gymnasium", num_envs=batch, batch_size=batch,
                           num_threads=threads, seed=0)
        env.reset()
        acts = [np.zeros(batch, dtype=np.int32), np.ones(batch, dtype=np.int32)]
        r = timed_loop(lambda a: (env.step(a), False)[1], lambda: None, acts, seconds)
        out["batched"][env_id] = {"us_per_batch": r["us_per_step"], "batch": batch,
                                  "threads": threads,
                                  "steps_per_s": batch / r["us_per_step"] * 1e6,
                                  "us_per_env_step": r["us_per_step"] / batch}
        env.close()
    except Exception as e:  # noqa: BLE001
        out["batched"][env_id] = {"error": f"{type(e).__name__}: {e}"}
    return out


def worker_main(argv: list[str]) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("kind", choices=["python", "envpool"])
    p.add_argument("--impl", default="gymnasium")
    p.add_argument("--envs", required=True)
    p.add_argument("--seconds", type=float, required=True)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args(argv)
    envs = a.envs.split(",")
    if a.kind == "python":
        result = worker_python(a.impl, envs, a.seconds)
    else:
        result = worker_envpool(envs, a.seconds, a.batch, a.threads)
    print("WORKERJSON " + json.dumps(result))
    return 0


# ----------------------------------------------------------------------------
# The harness


def module_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def first_line(cmd: list[str], stderr: bool = False) -> str | None:
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (r.stderr if stderr else r.stdout) or r.stdout or r.stderr
    return text.strip().splitlines()[0] if text.strip() else None


class Harness:
    def __init__(self, args):
        self.args = args
        self.prof = dict(PROFILES[args.profile])
        if args.reps:
            self.prof["reps"] = args.reps
        if args.duration:
            self.prof["http"] = args.duration
        if args.instances:
            self.prof["instances"] = args.instances
        self.bin = Path(args.bin_dir).resolve()
        self.gymcc = self.bin / "gymcc"
        self.native = self.bin / "gymcc_bench_native"
        self.loader = self.bin / "gymcc_http_load"
        self.wsload = self.bin / "gymcc_ws_load"
        self.grpcload = self.bin / "gymcc_grpc_load"
        self.nproc = os.cpu_count() or 1
        self.threads = args.server_threads or self.nproc
        self.conns = [int(c) for c in args.connections.split(",")]
        if 1 not in self.conns:
            self.conns.insert(0, 1)
        self.notes: list[str] = []
        self.skipped: dict[str, str] = {}
        self.channels: dict[str, Channel] = {}
        self.servers: list = []
        self.work = Path(tempfile.mkdtemp(prefix="gymcc-bench-"))
        self.started = dt.datetime.now(dt.timezone.utc)

    # -- helpers
    def log(self, msg: str) -> None:
        if not self.args.quiet:
            print(f"[bench {time.monotonic() - self.t0:6.1f}s] {msg}", flush=True)

    def note(self, msg: str) -> None:
        if msg not in self.notes:
            self.notes.append(msg)
            self.log("note: " + msg)

    def channel(self, key: str, **kw) -> Channel:
        if key not in self.channels:
            self.channels[key] = Channel(key, **kw)
        return self.channels[key]

    def skip(self, group: str, why: str) -> None:
        self.skipped[group] = why
        self.note(f"{group}: skipped: {why}")

    # -- discovery
    def discover(self) -> None:
        skip = self.skip_set()
        needed = [self.gymcc]
        if "native" not in skip:
            needed.append(self.native)
        if not {"http", "memory"} <= skip:
            needed.append(self.loader)
        if "fast" not in skip:
            needed.append(self.wsload)
        for exe in needed:
            if not exe.exists():
                raise SystemExit(f"run.py: {exe} not found: build first "
                                 "(benchmarks/run.sh does) or pass --bin-dir, or --skip its channel")
        listing = run_capture([self.gymcc, "list", "--json"], 30)
        ids = set()
        for line in listing.stdout.splitlines():  # JSON lines, one env each
            with contextlib.suppress(json.JSONDecodeError, AttributeError):
                ids.add(json.loads(line).get("id"))
        if not ids:
            ids = set(re.findall(r"\b[A-Z][A-Za-z0-9]*-v\d+\b", listing.stdout))
        self.registered = ids
        self.envs = []
        for env_id in self.args.envs.split(","):
            if env_id in ids:
                self.envs.append(env_id)
            else:
                self.note(f"{env_id} is not registered in this gymcc build: its gymcc "
                          "channels are skipped (Python gymnasium still measures it)")
        self.py_envs = self.args.envs.split(",")
        self.has_wrk = shutil.which("wrk") is not None
        self.has_nginx = shutil.which("nginx") is not None
        if not self.has_wrk:
            self.skip("wrk", "wrk is not installed (apt-get install wrk)")
        if not self.has_nginx:
            self.skip("floor", "nginx is not installed (apt-get install nginx-light)")
        # Python packages, in this (the venv's) interpreter.
        self.has_gymnasium = module_version("gymnasium") is not None
        if not self.has_gymnasium:
            self.skip("python/gymnasium", "gymnasium is not installed in this Python")
        self.has_gymcc_py = self.importable("gymcc")
        if not self.has_gymcc_py:
            self.skip("python/gymcc", "the gymcc Python package is not importable "
                      "(pip install ./bindings/python into the venv)")
        # The clients (bindings/<lang>): built offline now, measured as "clients" channels.
        self.client_commands: dict[str, list[str]] = {}
        if "clients" not in skip:
            self.client_commands, unbuilt = clients.prepare(self.work, self.has_gymcc_py,
                                                             quick=self.args.profile == "smoke")
            for client, why in unbuilt.items():
                self.skip(f"clients/{client}", why)
        self.has_envpool = self.importable("envpool")
        if not self.has_envpool and not self.args.no_install:
            self.try_install_envpool()
        if not self.has_envpool:
            self.skipped.setdefault("envpool", "envpool is not installed")

    @staticmethod
    def importable(name: str) -> bool:
        # Found, not imported (imports are slow; the workers report import errors).
        import importlib.util
        try:
            return importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            return False

    def try_install_envpool(self) -> None:
        spec = "envpool"
        req = ROOT / "requirements-dev.txt"
        if req.exists():
            for line in req.read_text().splitlines():
                if re.match(r"^envpool\b", line.strip()):
                    spec = line.split(";")[0].strip()
        self.log(f"envpool not importable: trying pip install {spec}")
        try:
            r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", spec],
                               capture_output=True, text=True, timeout=600)
        except subprocess.TimeoutExpired:
            self.skip("envpool", f"pip install {spec} timed out")
            return
        if r.returncode != 0:
            lines = [l for l in (r.stderr + r.stdout).splitlines() if l.strip()]
            err = next((l for l in lines if "ERROR" in l), lines[-1] if lines else "failed")
            self.skip("envpool", f"pip install {spec} failed: {err.strip()}")
            return
        importlib.invalidate_caches()
        self.has_envpool = self.importable("envpool")

    def machine(self) -> dict:
        cpu = ""
        with contextlib.suppress(OSError):
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        mem = ""
        with contextlib.suppress(OSError):
            m = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
            mem = f"{int(m.group(1)) / 1024 / 1024:.1f} GiB" if m else ""
        governor = None
        with contextlib.suppress(OSError):
            governor = Path("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor").read_text().strip()
        os_name = ""
        with contextlib.suppress(OSError):
            m = re.search(r'PRETTY_NAME="([^"]+)"', Path("/etc/os-release").read_text())
            os_name = m.group(1) if m else ""
        return {"cores": self.nproc, "cpu": cpu, "memory": mem, "os": os_name,
                "kernel": platform.release(), "governor": governor,
                "loadavg_start": list(os.getloadavg())}

    def versions(self) -> dict:
        rev = first_line(["git", "-C", str(ROOT), "--no-optional-locks", "rev-parse",
                          "--short=12", "HEAD"])
        if rev:
            dirty = subprocess.run(["git", "-C", str(ROOT), "--no-optional-locks", "status",
                                    "--porcelain", "--untracked-files=no"],
                                   capture_output=True, text=True).stdout.strip()
            rev += "+dirty" if dirty else ""
        build_type = compiler = None
        cache = self.bin.parent / "CMakeCache.txt"
        if cache.exists():
            text = cache.read_text(errors="replace")
            m = re.search(r"^CMAKE_BUILD_TYPE:\w+=(.*)$", text, re.M)
            build_type = m.group(1) if m else None
            m = re.search(r"^CMAKE_CXX_COMPILER:\w+=(.*)$", text, re.M)
            compiler = m.group(1) if m else None
        boost = None
        with contextlib.suppress(OSError):
            m = re.search(r'#define BOOST_LIB_VERSION "([^"]+)"',
                          Path("/usr/include/boost/version.hpp").read_text())
            boost = m.group(1).replace("_", ".") if m else None
        nginx = wrk = ""
        if self.has_nginx:
            nginx = (first_line(["nginx", "-v"], stderr=True) or "").replace("nginx version: ", "")
        if self.has_wrk:
            wrk = (first_line(["wrk", "-v"]) or "").split(" Copyright")[0]
        return {
            "gymcc": rev or "unknown",
            "build_type": build_type,
            "cxx": first_line([compiler or "g++", "--version"]),
            "boost": boost,
            "python": platform.python_version(),
            "gymnasium": module_version("gymnasium"),
            "numpy": module_version("numpy"),
            "envpool": module_version("envpool") if self.has_envpool else None,
            "gymcc_python": module_version("gymcc") if self.has_gymcc_py else None,
            "matplotlib": module_version("matplotlib"),
            "nginx": nginx or None,
            "wrk": wrk or None,
        }

    def skip_set(self) -> set[str]:
        return set(self.args.skip.split(",")) if self.args.skip else set()

    # -- setup of the shared servers
    def start_servers(self) -> None:
        self.server = GymccServer(self.gymcc, self.threads, self.work, "gymcc")
        self.servers.append(self.server)
        self.log(f"gymcc serve on 127.0.0.1:{self.server.port} ({self.threads} threads)")
        # The exact bytes gymcc answers a CartPole step with: the floor's body.
        iid = self.server.create("CartPole-v1", 0)
        self.step_body = self.server.request("POST", f"/v1/envs/{iid}/step/", {"action": 1})
        self.server.request("DELETE", f"/v1/envs/{iid}/")
        self.nginx = None
        if self.has_nginx and "http" not in self.skip_set():
            try:
                self.nginx = Nginx(self.work, self.step_body, self.threads)
                self.servers.append(self.nginx)
                self.log(f"nginx floor on 127.0.0.1:{self.nginx.port} "
                         f"({self.threads} workers, {len(self.step_body)}-byte body)")
            except (RuntimeError, OSError) as e:
                self.skip("floor", f"nginx failed to start: {e}")
        # wrk's env pool: as many CartPole envs as the largest connection count.
        self.wrk_ids = []
        if self.has_wrk and not {"http", "wrk"} & self.skip_set():
            self.wrk_ids = [self.server.create("CartPole-v1", i) for i in range(max(self.conns))]
        # The fast paths get a server of their own: its threads are pinned for the
        # latency channels, and its sockets own their instances.
        self.fast_server = None
        if "fast" not in self.skip_set():
            if FAST_ENV not in self.registered:
                self.skip("fast", f"{FAST_ENV} is not registered in this gymcc build")
                return
            server = GymccServer(self.gymcc, self.threads, self.work, "gymcc-fast", grpc=True)
            self.servers.append(server)
            why = server.fast_paths()
            if why:
                self.skip("fast", f"this gymcc build has no fast paths: {why}")
                server.stop()
                self.servers.remove(server)
            else:
                self.fast_server = server
                self.log(f"gymcc serve (fast paths) on 127.0.0.1:{server.port}")

    # -- channel runners (one repetition each)
    def run_native(self) -> None:
        families = {e.split("-v")[0]: e for e in self.py_envs}
        cmd = [self.native, "--benchmark_format=json",
               f"--benchmark_filter=/({'|'.join(families)})$",
               f"--benchmark_min_time={self.prof['native']}"]
        r = run_capture(cmd, 300)
        if r.returncode != 0:
            raise RuntimeError(f"gymcc_bench_native exited {r.returncode}: {r.stderr[-300:]}")
        data = json.loads(r.stdout)
        scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
        seen = set()
        per_rep = {}
        for b in data.get("benchmarks", []):
            if b.get("run_type", "iteration") != "iteration":
                continue
            kind, _, family = b["name"].partition("/")
            family = family.split("/")[0]
            if family not in families:
                continue
            env_id = families[family]
            f = scale.get(b.get("time_unit", "ns"), 1.0)
            ns = b["real_time"] * f
            label = {"static": "native static", "type_erased": "native type-erased Env",
                     "bare_loop": "native bare loop",
                     "snapshot": "native get_state + set_state"}.get(kind, f"native {kind}")
            unit = "ns/round trip" if kind == "snapshot" else "ns/step"
            ch = self.channel(f"native/{kind}/{env_id}", group="native", label=label,
                              unit=unit, env=env_id, kind=kind)
            ch.runs.append({"ns_per_step": ns, "cpu_ns_per_step": b["cpu_time"] * f,
                            "iterations": b.get("iterations")})
            seen.add(env_id)
            per_rep[(kind, env_id)] = ns
        if ("static", "CartPole-v1") in per_rep and ("bare_loop", "CartPole-v1") in per_rep:
            self.channel("native/ratio/CartPole-v1", group="native", label="static / bare loop",
                         unit="ratio", env="CartPole-v1", kind="ratio").runs.append(
                {"ratio": per_rep[("static", "CartPole-v1")] / per_rep[("bare_loop", "CartPole-v1")]})
        for env_id in self.py_envs:
            if env_id not in seen:
                self.note(f"native: gymcc_bench_native has no benchmark for {env_id}")

    def run_python(self, impl: str) -> None:
        envs = self.py_envs if impl == "gymnasium" else self.envs
        seconds = self.prof["py"]
        r = run_capture([sys.executable, __file__, "--worker", "python", "--impl", impl,
                         "--envs", ",".join(envs), "--seconds", seconds],
                        timeout=120 + len(envs) * (seconds * 2 + 10))
        result = self.worker_result(r, f"python {impl}")
        for env_id, m in result.items():
            ch = self.channel(f"python/{impl}/{env_id}", group="python",
                              label=f"Python {impl}.make().step", unit="us/step", env=env_id,
                              impl=impl)
            if "error" in m:
                ch.errors.append(m["error"])
                self.note(f"python {impl} {env_id}: {m['error']}")
            else:
                ch.runs.append(m)

    def run_envpool(self) -> None:
        seconds = self.prof["py"]
        batch = self.args.envpool_batch
        r = run_capture([sys.executable, __file__, "--worker", "envpool", "--envs",
                         ",".join(self.py_envs), "--seconds", seconds, "--batch", batch,
                         "--threads", self.nproc], timeout=180 + seconds * 10)
        result = self.worker_result(r, "envpool")
        for env_id, m in result["single"].items():
            ch = self.channel(f"envpool/single/{env_id}", group="envpool",
                              label="EnvPool single env", unit="us/step", env=env_id)
            if "error" in m:
                ch.errors.append(m["error"])
                self.note(f"envpool {env_id}: {m['error']}")
            else:
                ch.runs.append(m)
        for env_id, m in result["batched"].items():
            ch = self.channel(f"envpool/batched/{env_id}", group="envpool",
                              label=f"EnvPool batched ({batch} envs, {self.nproc} threads)",
                              unit="steps/s", env=env_id, batch=batch)
            if "error" in m:
                ch.errors.append(m["error"])
                self.note(f"envpool batched {env_id}: {m['error']}")
            else:
                ch.runs.append(m)

    @staticmethod
    def worker_result(r: subprocess.CompletedProcess, what: str):
        for line in r.stdout.splitlines():
            if line.startswith("WORKERJSON "):
                return json.loads(line[len("WORKERJSON "):])
        raise RuntimeError(f"{what} worker exited {r.returncode}: {r.stderr.strip()[-400:]}")

    def http_channel(self, gen: str, server: str, env_id: str, conns: int) -> Channel:
        who = "gymcc" if server == "gymcc" else "nginx floor"
        return self.channel(f"http/{gen}/{server}/{env_id}/c{conns}", group="http",
                            label=f"HTTP {who} ({'gymcc_http_load' if gen == 'own' else 'wrk'}, "
                                  f"{conns} conn)",
                            unit="us", generator=gen, server=server, env=env_id,
                            connections=conns)

    def run_own(self, server: str, env_id: str, conns: int) -> None:
        port = self.server.port if server == "gymcc" else self.nginx.port
        seconds, warmup = self.prof["http"], self.prof["warmup"]
        cmd = [self.loader, "--port", port, "--mode", "step" if server == "gymcc" else "fixed",
               "--connections", conns, "--duration", seconds, "--warmup", warmup,
               "--cdf-points", CDF_POINTS, "--env-id", env_id, "--path", FLOOR_PATH,
               "--body", '{"action":1}']
        for a in ACTIONS_JSON.get(env_id, ["0", "1"]):
            cmd += ["--action", a]
        r = run_capture(cmd, timeout=seconds + warmup + 60)
        ch = self.http_channel("own", server, env_id, conns)
        try:
            d = json.loads(r.stdout)
        except json.JSONDecodeError:
            raise RuntimeError(f"gymcc_http_load exited {r.returncode}: {r.stderr.strip()[-300:]}")
        lat = d["latency_us"]
        run = {"rps": d["throughput_rps"], "requests": d["requests"], "errors": d["errors"],
               **{k: lat[k] for k in ("p50", "p90", "p99", "p999", "max", "mean", "min")},
               "cdf": lat.get("cdf")}
        if d["errors"]:
            ch.errors.append(d.get("first_error", "errors"))
            self.note(f"{ch.key}: {d['errors']} errors, first: {d.get('first_error')}")
        ch.runs.append(run)

    def run_wrk(self, server: str, conns: int) -> None:
        env_id = "CartPole-v1"
        port = self.server.port if server == "gymcc" else self.nginx.port
        threads = min(conns, self.nproc)
        seconds = max(1, round(self.prof["http"]))  # wrk takes whole seconds
        env = dict(os.environ, GYMCC_WRK_IDS=",".join(self.wrk_ids[:conns]) if server == "gymcc" else "",
                   GYMCC_WRK_PATH=FLOOR_PATH, GYMCC_WRK_ACTIONS="0,1" if server == "gymcc" else "1",
                   GYMCC_WRK_THREADS=str(threads), GYMCC_WRK_CDF=str(CDF_POINTS))
        cmd = ["wrk", f"-t{threads}", f"-c{conns}", f"-d{seconds}s", "--timeout", "5s",
               "-s", WRK_LUA, f"http://127.0.0.1:{port}/"]
        r = run_capture(cmd, timeout=seconds + 60, env=env)
        line = next((l for l in r.stdout.splitlines() if l.startswith("WRKJSON ")), None)
        if line is None:
            raise RuntimeError(f"wrk exited {r.returncode}: {(r.stderr or r.stdout).strip()[-300:]}")
        d = json.loads(line[len("WRKJSON "):])
        lat = d["latency_us"]
        errors = sum(d["errors"].values())
        ch = self.http_channel("wrk", server, env_id, conns)
        ch.meta["wrk_threads"] = threads
        ch.runs.append({"rps": d["requests"] / (d["duration_us"] / 1e6), "requests": d["requests"],
                        "errors": errors,
                        **{k: lat[k] for k in ("p50", "p90", "p99", "p999", "max", "mean", "min")},
                        "cdf": lat.get("cdf")})
        if errors:
            ch.errors.append(json.dumps(d["errors"]))
            self.note(f"{ch.key}: wrk errors {d['errors']}")

    def run_memory(self) -> None:
        """A fresh server: create + reset N CartPole envs (timed), RSS delta / N,
        then delete them all (timed)."""
        n = self.prof["instances"]
        env_id = "CartPole-v1"
        server = GymccServer(self.gymcc, self.threads, self.work, "gymcc-memory")
        self.servers.append(server)
        try:
            iid = server.create(env_id, 0)  # touch every code path once first
            server.request("POST", f"/v1/envs/{iid}/step/", {"action": 1})
            server.request("DELETE", f"/v1/envs/{iid}/")
            time.sleep(0.05)
            before = server.rss_kib()
            ids = self.work / "ids.txt"
            r = run_capture([self.loader, "--port", server.port, "--mode", "create", "--count", n,
                             "--env-id", env_id, "--ids-out", ids], timeout=60 + n * 0.01)
            if r.returncode != 0:
                raise RuntimeError(f"create: exited {r.returncode}: {r.stderr.strip()[-300:]}")
            created = json.loads(r.stdout)
            time.sleep(0.05)
            after = server.rss_kib()
            r = run_capture([self.loader, "--port", server.port, "--mode", "delete",
                             "--ids-in", ids], timeout=60 + n * 0.01)
            if r.returncode != 0:
                raise RuntimeError(f"delete: exited {r.returncode}: {r.stderr.strip()[-300:]}")
            deleted = json.loads(r.stdout)
            ids.unlink()
        finally:
            server.stop()
            self.servers.remove(server)
        self.channel(f"memory/{env_id}", group="memory", label="server RSS per live instance",
                     unit="bytes", env=env_id, instances=n).runs.append(
            {"bytes_per_instance": (after - before) * 1024 / n, "rss_before_kib": before,
             "rss_after_kib": after})
        lc = self.channel(f"lifecycle/{env_id}", group="lifecycle",
                          label="create / reset / delete (1 connection, sequential)", unit="us",
                          env=env_id, instances=n)
        run = {}
        for name, block in (("create", created["create_latency_us"]),
                            ("reset", created["reset_latency_us"]),
                            ("create_reset", created.get("create_reset_latency_us")),
                            ("delete", deleted["delete_latency_us"])):
            if block:
                for k in ("p50", "p99", "mean", "max"):
                    run[f"{name}_{k}"] = block[k]
        lc.runs.append(run)

    def run_client(self, client: str, transport: str) -> None:
        """One client (bindings/<lang>) stepping one CartPole-v1 on the main server (benchmarks/clients.py)."""
        d = clients.measure(self.client_commands[client], f"http://127.0.0.1:{self.server.port}",
                            transport, self.prof["http"], self.prof["warmup"])
        ch = self.channel(f"clients/{client}/{transport}/{clients.ENV_ID}", group="clients",
                          label=f"{clients.LABELS[client]}, {transport}", unit="us", client=client,
                          transport=transport, env=clients.ENV_ID, runtime=d.get("runtime"),
                          encoding=clients.ENCODINGS.get((client, transport), "JSON"))
        lat = d["latency_us"]
        ch.runs.append({**{k: lat[k] for k in ("p50", "p90", "p99", "max", "mean", "min")},
                        "steps_per_s": d["steps"] / d["duration_s"], "resets": d["resets"]})

    def run_snapshots(self) -> None:
        """get_state + set_state round trips over HTTP, WebSocket and gymcc.make, and clone
        throughput, on the main server (benchmarks/snapshot_bench.py)."""
        seconds = self.prof["warmup"] * 2
        r = run_capture([sys.executable, str(BENCH / "snapshot_bench.py"), "--port",
                         self.server.port, "--envs", ",".join(self.envs), "--seconds", seconds],
                        timeout=60 + len(self.envs) * (seconds * 4 + 10))
        result = self.worker_result(r, "snapshot")
        for env_id, m in result.items():
            for channel, label in (("http", "HTTP GET + PUT state/"),
                                   ("ws", "WebSocket get_state + set_state"),
                                   ("clone", "HTTP clone/ + DELETE")):
                ch = self.channel(f"snapshot/{channel}/{env_id}", group="snapshot", label=label,
                                  unit="us", env=env_id, transport=channel,
                                  state_bytes=m["state_bytes"])
                ch.runs.append(m[channel])
            native = m["python_native"]
            ch = self.channel(f"snapshot/python/{env_id}", group="snapshot",
                              label="gymcc.make get_state + set_state", unit="us", env=env_id,
                              transport="python")
            if isinstance(native, str):
                ch.errors.append(native)
            else:
                ch.runs.append(native)

    # -- the fast paths (docs/fast-paths.md)
    def placement_cpus(self, placement: str) -> tuple[int, int]:
        """(client CPU, server CPU): one core for both, or two different ones."""
        cpus = sorted(os.sched_getaffinity(0))
        return (cpus[0], cpus[0]) if placement == "same-core" else (cpus[0], cpus[1])

    def run_ws_step(self, encoding: str, placement: str) -> None:
        """One WebSocket, single-env step round trips, then a raw TCP ping-pong of
        the same wire sizes, alternating in slices; the client, the ping-pong's
        echo process and the server's threads pinned as `placement` says."""
        client_cpu, server_cpu = self.placement_cpus(placement)
        seconds, warmup = self.prof["http"], self.prof["warmup"]
        cmd = [self.wsload, "ws-step", "--port", self.fast_server.port, "--env-id", FAST_ENV,
               "--duration", seconds, "--warmup", warmup, "--cdf-points", CDF_POINTS,
               "--pingpong", "--client-cpu", client_cpu, "--echo-cpu", server_cpu]
        if encoding == "msgpack":
            cmd.append("--binary")
        self.fast_server.pin({server_cpu})
        try:
            r = run_capture(cmd, timeout=2 * (seconds + warmup) + 60)
        finally:
            self.fast_server.pin(None)
        lines = self.json_lines(r, "gymcc_ws_load ws-step")
        ws = next(d for d in lines if d["mode"] == "ws-step")
        pp = next(d for d in lines if d["mode"] == "pingpong")
        where = {"same-core": "client and server on one core",
                 "cross-core": "client and server on two cores"}[placement]
        for d, kind, label in ((ws, "ws", f"WebSocket step, {encoding} ({where})"),
                               (pp, "tcp", f"raw TCP ping-pong, {encoding} sizes ({where})")):
            ch = self.channel(f"fast/{kind}/{encoding}/{placement}/{FAST_ENV}", group="fast",
                              label=label, unit="us", kind=kind, encoding=encoding,
                              placement=placement, env=FAST_ENV, client_cpu=client_cpu,
                              server_cpu=server_cpu)
            lat = d["latency_us"]
            run = {k: lat[k] for k in ("p50", "p90", "p99", "p999", "max", "mean", "min")}
            run["rps"] = lat["count"] / d["duration_s"]
            run["cdf"] = lat.get("cdf")
            if kind == "ws":
                run.update(request_bytes=d["request_wire_bytes"], reply_bytes=d["reply_wire_bytes"],
                           request_payload_bytes=d["request_bytes"],
                           reply_payload_bytes=d["reply_bytes"], resets=d["resets"])
            else:
                run.update(request_bytes=d["request_bytes"], reply_bytes=d["reply_bytes"])
            ch.runs.append(run)

    def run_fast_vector(self, kind: str) -> None:
        """Batched CartPole, FAST_NUM_ENVS per message: over WebSocket MessagePack
        (ws-vector) or HTTP JSON (http-vector); env-steps/s."""
        seconds, warmup = self.prof["http"], self.prof["warmup"]
        cmd = [self.wsload, kind, "--port", self.fast_server.port, "--env-id", FAST_ENV,
               "--num-envs", FAST_NUM_ENVS, "--duration", seconds, "--warmup", warmup]
        if kind == "ws-vector":
            cmd += ["--sockets", self.threads, "--envs-per-socket", FAST_WS_ENVS_PER_SOCKET]
            label = (f"vector env steps over WebSocket, MessagePack ({self.threads} sockets x "
                     f"{FAST_WS_ENVS_PER_SOCKET} vector envs of {FAST_NUM_ENVS})")
            meta = dict(sockets=self.threads, envs_per_socket=FAST_WS_ENVS_PER_SOCKET)
        else:
            cmd += ["--connections", self.threads]
            label = (f"vector env steps over HTTP, JSON ({self.threads} connections x "
                     f"1 vector env of {FAST_NUM_ENVS})")
            meta = dict(connections=self.threads)
        r = run_capture(cmd, timeout=seconds + warmup + 60)
        d = self.json_lines(r, f"gymcc_ws_load {kind}", allow_failure=True)[-1]
        if not d["messages"]:
            raise RuntimeError(f"gymcc_ws_load {kind}: no step measured: {d.get('first_error')}")
        ch = self.channel(f"fast/{kind}/{FAST_ENV}", group="fast", label=label,
                          unit="env-steps/s", kind=kind, env=FAST_ENV, num_envs=FAST_NUM_ENVS,
                          encoding=d["encoding"], **meta)
        lat = d["latency_us"]
        ch.runs.append({"env_steps_per_s": d["env_steps_per_s"],
                        "messages_per_s": d["messages_per_s"], "errors": d["errors"],
                        "request_bytes": d["request_bytes"], "reply_bytes": d["reply_bytes"],
                        **{k: lat[k] for k in ("p50", "p90", "p99", "max", "mean")}})
        if d["errors"]:
            ch.errors.append(d.get("first_error") or "errors")
            self.note(f"{ch.key}: {d['errors']} errors, first: {d.get('first_error')}")

    def run_grpc_step(self) -> None:
        """dm_env_rpc over gRPC on the fast-path server: single-step round trips and
        pipelined steps on one stream, then the same against gymcc_grpc_load's echo
        server answering the same bytes (the gRPC floor). Unpinned."""
        seconds, warmup = self.prof["http"], self.prof["warmup"]
        cmd = [self.grpcload, "step", "--address", f"127.0.0.1:{self.fast_server.grpc_port}",
               "--env-id", FAST_ENV, "--duration", seconds, "--warmup", warmup,
               "--window", GRPC_WINDOW]
        r = run_capture(cmd, timeout=4 * (seconds + warmup) + 60)
        for d in self.json_lines(r, "gymcc_grpc_load step"):
            target = d["target"]
            label = {"gymcc": "gRPC dm_env_rpc step on one stream (gymcc)",
                     "echo": "gRPC echo of the same messages (the floor)"}[target]
            ch = self.channel(f"grpc/step/{target}/{FAST_ENV}", group="grpc", label=label,
                              unit="us", target=target, env=FAST_ENV, window=d["window"])
            run = {k: d[k] for k in ("p50", "p90", "p99", "max", "mean")}
            run.update(rps=d["count"] / float(seconds), request_bytes=d["request_bytes"],
                       reply_bytes=d["reply_bytes"],
                       pipelined_steps_per_s=d["pipelined_steps_per_s"], errors=d["errors"])
            ch.runs.append(run)
            if d["errors"]:
                ch.errors.append(f"{d['errors']} error replies")

    def python_rollout_ready(self) -> str | None:
        """None if python_step.py can measure the remote rollout, else why not."""
        if not self.has_gymnasium or not self.has_gymcc_py:
            return "needs gymnasium and the gymcc Python package in this Python"
        if not PYTHON_STEP.exists() or "--remote-only" not in PYTHON_STEP.read_text():
            return "benchmarks/python_step.py has no remote rollout (--remote-only)"
        return None

    def run_fast_python(self) -> None:
        """The same rollout loop on gymcc.remote.RemoteVectorEnv (the fast-path server,
        unpinned) and on in-process gymnasium.make_vec(..., "sync"), by python_step.py."""
        seconds = self.prof["py"]
        out = self.work / "python_step.json"
        sizes = ",".join(str(n) for n in FAST_PY_NUM_ENVS)
        r = run_capture([sys.executable, PYTHON_STEP, "--remote-only", "--remote-url",
                         f"http://127.0.0.1:{self.fast_server.port}", "--remote-num-envs", sizes,
                         "--seconds", seconds, "--rounds", 1, "--json", out],
                        timeout=120 + len(FAST_PY_NUM_ENVS) * (seconds * 4 + 10))
        if r.returncode != 0 or not out.exists():
            raise RuntimeError(f"python_step.py exited {r.returncode}: {r.stderr.strip()[-300:]}")
        d = json.loads(out.read_text())
        out.unlink()
        rollouts = d.get("remote_rollout_env_steps_per_s")
        if not rollouts:
            raise RuntimeError(f"python_step.py: no remote rollout: {d.get('remote_rollout_skipped')}")
        for n, rates in rollouts.items():
            for key, impl, label in (
                    ("gymcc_remote", "remote_vector",
                     "gymcc.remote.RemoteVectorEnv (one WebSocket, MessagePack)"),
                    ("gymnasium_sync", "gymnasium_sync",
                     'gymnasium.make_vec(..., vectorization_mode="sync"), in process')):
                ch = self.channel(f"fast/python/{impl}/{FAST_ENV}/n{n}", group="fast", label=label,
                                  unit="env-steps/s", kind=f"python/{impl}", env=FAST_ENV,
                                  num_envs=int(n))
                ch.runs.append({"env_steps_per_s": rates[key]["wall"],
                                "cpu_env_steps_per_s": rates[key]["cpu"]})

    @staticmethod
    def json_lines(r: subprocess.CompletedProcess, what: str, allow_failure: bool = False):
        lines = []
        for line in r.stdout.splitlines():
            with contextlib.suppress(json.JSONDecodeError):
                d = json.loads(line)
                if isinstance(d, dict) and "mode" in d:
                    lines.append(d)
        if not lines or (r.returncode != 0 and not allow_failure):
            raise RuntimeError(f"{what} exited {r.returncode}: {r.stderr.strip()[-300:]}")
        return lines

    # -- the schedule
    def tasks(self) -> list[tuple[str, callable]]:
        t: list[tuple[str, callable]] = []
        skip = self.skip_set()
        if "native" not in skip:
            t.append(("native", self.run_native))
        if "python" not in skip:
            if self.has_gymnasium:
                t.append(("python gymnasium", lambda: self.run_python("gymnasium")))
            if self.has_gymcc_py and self.envs:
                t.append(("python gymcc", lambda: self.run_python("gymcc")))
        if "envpool" not in skip and self.has_envpool:
            t.append(("envpool", self.run_envpool))
        if "http" not in skip:
            for env_id in self.envs:
                if env_id != "CartPole-v1":
                    t.append((f"own gymcc {env_id} c1",
                              lambda e=env_id: self.run_own("gymcc", e, 1)))
            if "CartPole-v1" in self.envs:
                for c in self.conns:
                    t.append((f"own gymcc c{c}", lambda c=c: self.run_own("gymcc", "CartPole-v1", c)))
                    if self.nginx:
                        t.append((f"own nginx c{c}", lambda c=c: self.run_own("nginx", "CartPole-v1", c)))
                    if self.has_wrk and "wrk" not in skip:
                        t.append((f"wrk gymcc c{c}", lambda c=c: self.run_wrk("gymcc", c)))
                        if self.nginx:
                            t.append((f"wrk nginx c{c}", lambda c=c: self.run_wrk("nginx", c)))
        if "snapshot" not in skip and "http" not in skip:
            t.append(("snapshot", self.run_snapshots))
        if "memory" not in skip and "CartPole-v1" in self.envs:
            t.append(("memory + lifecycle", self.run_memory))
        for client, transport in clients.CHANNELS:
            if client in self.client_commands:
                t.append((f"client {client} {transport}",
                          lambda c=client, tr=transport: self.run_client(c, tr)))
        if "fast" not in skip and self.fast_server:
            placements = ["same-core"] + (["cross-core"] if len(os.sched_getaffinity(0)) > 1 else [])
            for placement in placements:
                t.append((f"fast ws-step json {placement}",
                          lambda p=placement: self.run_ws_step("json", p)))
            t.append(("fast ws-step msgpack same-core",
                      lambda: self.run_ws_step("msgpack", "same-core")))
            t.append(("fast ws-vector", lambda: self.run_fast_vector("ws-vector")))
            t.append(("fast http-vector", lambda: self.run_fast_vector("http-vector")))
            if self.fast_server.grpc_port and self.grpcload.exists():
                t.append(("grpc step", self.run_grpc_step))
            else:
                self.skip("grpc", f"{self.grpcload} is not built or the server has no gRPC")
            why = self.python_rollout_ready()
            if why:
                self.skip("fast/python", why)
            else:
                t.append(("fast python rollout", self.run_fast_python))
        return t

    def run(self) -> dict:
        self.t0 = time.monotonic()
        self.discover()
        machine = self.machine()
        versions = self.versions()
        if versions.get("build_type") not in (None, "Release"):
            self.note(f"the binaries are a {versions['build_type']} build, not Release")
        self.start_servers()
        tasks = self.tasks()
        reps = self.prof["reps"]
        failures: list[str] = []
        for rep in range(reps):
            # Rotate the order each repetition so no channel always runs first.
            shift = (rep * len(tasks)) // max(reps, 1)
            order = tasks[shift:] + tasks[:shift]
            for name, fn in order:
                self.log(f"rep {rep + 1}/{reps}: {name}")
                try:
                    fn()
                    for c in self.channels.values():
                        for r in c.runs:
                            r.setdefault("rep", rep + 1)
                except (RuntimeError, OSError, subprocess.TimeoutExpired, json.JSONDecodeError,
                        KeyError) as e:
                    msg = f"rep {rep + 1} {name}: {type(e).__name__}: {e}"
                    failures.append(msg)
                    self.log("failed: " + msg)
        if failures:
            self.note(f"{len(failures)} measurement(s) failed; see 'failures'")
        if self.has_wrk and self.wrk_ids:
            self.note("wrk: its Lua cannot tell connections apart, so each wrk thread gets an "
                      "equal share of the pool of CartPole envs (as many as connections) and "
                      "cycles through it round-robin; an env is not pinned to a connection. "
                      "gymcc_http_load gives each connection its own env.")
        machine["loadavg_end"] = list(os.getloadavg())
        if machine["loadavg_start"][0] > 0.5 * self.nproc:
            self.note(f"the machine was busy (1-min load average {machine['loadavg_start'][0]:.1f} "
                      f"on {self.nproc} cores at the start): timings are noisy")
        channels = [c.to_json() for c in self.channels.values()]
        data = {
            "schema": SCHEMA,
            "created": self.started.isoformat(timespec="seconds"),
            "elapsed_s": round(time.monotonic() - self.t0, 1),
            "profile": self.args.profile,
            "config": {"reps": reps, "http_seconds": self.prof["http"],
                       "http_warmup_seconds": self.prof["warmup"],
                       "wrk_seconds": max(1, round(self.prof["http"])),
                       "python_seconds": self.prof["py"],
                       "native_min_time": self.prof["native"],
                       "instances": self.prof["instances"], "connections": self.conns,
                       "server_threads": self.threads,
                       "nginx_workers": self.threads if self.nginx else None,
                       "envs": self.py_envs, "gymcc_envs": self.envs,
                       "step_body_bytes": len(self.step_body),
                       "step_body": self.step_body.decode(),
                       "envpool_batch": self.args.envpool_batch,
                       "fast": {"env": FAST_ENV, "num_envs": FAST_NUM_ENVS,
                                "ws_sockets": self.threads,
                                "ws_envs_per_socket": FAST_WS_ENVS_PER_SOCKET,
                                "http_connections": self.threads,
                                "python_num_envs": FAST_PY_NUM_ENVS,
                                "server": "its own gymcc serve, threads pinned per channel"}},
            "machine": machine,
            "versions": versions,
            "skipped": self.skipped,
            "notes": self.notes,
            "failures": failures,
            "channels": channels,
        }
        import report
        data["targets"] = report.targets(data)
        return data

    def close(self) -> None:
        for s in reversed(self.servers):
            with contextlib.suppress(Exception):
                s.stop()
        self.servers.clear()
        shutil.rmtree(self.work, ignore_errors=True)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--worker"]:
        return worker_main(argv[1:])
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin-dir", default=str(ROOT / "build" / "release" / "bin"),
                   help="where gymcc, gymcc_bench_native, gymcc_http_load and gymcc_ws_load are")
    p.add_argument("--out", default=str(BENCH / "results"), help="output directory")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--quick", dest="profile", action="store_const", const="quick",
                   help="a ~1.5 minute smoke run (2 repetitions, 1 s per HTTP channel)")
    g.add_argument("--smoke", dest="profile", action="store_const", const="smoke",
                   help="the quickest run, for the ctest check (1 repetition, implies --no-install)")
    p.set_defaults(profile="full")
    p.add_argument("--reps", type=int, help="repetitions (default: 3, quick 2)")
    p.add_argument("--duration", type=float,
                   help="seconds per HTTP and fast-path channel per repetition")
    p.add_argument("--instances", type=int, help="live CartPole instances for the memory figure")
    p.add_argument("--connections", default="1,8,64", help="concurrent connections to sweep")
    p.add_argument("--envs", default=",".join(ENVS), help="environment ids")
    p.add_argument("--server-threads", type=int, help="gymcc serve --threads and nginx workers "
                   "(default: cores)")
    p.add_argument("--envpool-batch", type=int, default=32, help="EnvPool batched num_envs")
    p.add_argument("--skip", default="",
                   help="comma-separated: native,python,envpool,http,wrk,memory,fast,clients,snapshot")
    p.add_argument("--no-install", action="store_true", help="never pip install envpool")
    p.add_argument("--no-chart", action="store_true", help="write no PNG")
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args(argv)
    if args.profile == "smoke":
        args.no_install = True

    sys.path.insert(0, str(BENCH))
    import report

    signal.signal(signal.SIGTERM, _on_sigterm)
    harness = Harness(args)
    try:
        data = harness.run()
    except (KeyboardInterrupt, _Terminated):
        print("run.py: interrupted; servers stopped", file=sys.stderr)
        return 130
    finally:
        harness.close()

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    paths = report.write_all(data, out, chart=not args.no_chart)
    problems = report.validate(json.loads((out / "latest.json").read_text()))
    print()
    print(report.render_markdown(data, chart_name=None))
    print("wrote " + ", ".join(str(p) for p in paths))
    if problems:
        print("run.py: the JSON is not well-formed:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except SystemExit:
        raise
    except BaseException:
        traceback.print_exc()
        sys.exit(1)
