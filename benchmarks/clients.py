#!/usr/bin/env python3
"""Single-env step latency of each client, for benchmarks/run.py's "clients" channels.

Every client steps one CartPole-v1 on the same `gymcc serve` with one step in flight (actions
0, 1, 0, ...; resets untimed), times every step around the client's own step call, and prints
one JSON line: {"mode": "client-step", "client", "transport", "steps", "resets",
"duration_s", "latency_us": {"p50", "p90", "p99", "mean", "min", "max"}}.

| client | transports | program |
|---|---|---|
| Python (`gymcc.remote.RemoteEnv`) | http | this file, `python-worker` |
| TypeScript (`bindings/typescript`, Node) | http (fetch), ws | `dist/bench/step.js` |
| Go (`bindings/go`) | http (net/http), ws | `internal/bench` |
| Java (`bindings/java`, java.net.http) | http, ws | `bench/StepBench.java` |
| Rust (`bindings/rust`, ureq / tungstenite) | http, ws | `examples/step_bench.rs` (release) |

`prepare()` builds the programs offline (from what scripts/setup.sh fetched); a client that
cannot be built is skipped with the reason, not measured. A cold release build of the Rust
crate takes minutes on 2 cores, so with `quick` (the smoke run) Rust is measured only when
its bench program has been built before (then cargo brings it up to date); otherwise it is
skipped with the command that builds it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TS_DIR = REPO / "bindings" / "typescript"
GO_DIR = REPO / "bindings" / "go"
JAVA_DIR = REPO / "bindings" / "java"
RUST_DIR = REPO / "bindings" / "rust"
RUST_BENCH = RUST_DIR / "target" / "release" / "examples" / "step_bench"
RUST_BUILD = ["build", "--release", "--offline", "--locked", "--example", "step_bench"]
ENV_ID = "CartPole-v1"

# (client, transport) in report order.
CHANNELS = [("python", "http"), ("typescript", "http"), ("typescript", "ws"), ("go", "http"), ("go", "ws"),
            ("java", "http"), ("java", "ws"), ("rust", "http"), ("rust", "ws")]
# What each channel's messages are (every session speaks MessagePack).
ENCODINGS = {("typescript", "ws"): "MessagePack", ("go", "ws"): "MessagePack",
             ("java", "ws"): "MessagePack", ("rust", "ws"): "MessagePack"}
LABELS = {
    "python": "Python, gymcc.remote.RemoteEnv",
    "typescript": "TypeScript (Node), bindings/typescript",
    "go": "Go, bindings/go",
    "java": "Java, bindings/java",
    "rust": "Rust, bindings/rust",
}


def _go() -> str | None:
    return shutil.which("go") or ("/usr/local/go/bin/go" if os.access("/usr/local/go/bin/go", os.X_OK) else None)


def _cargo() -> str | None:
    home = Path.home() / ".cargo" / "bin" / "cargo"
    return shutil.which("cargo") or (str(home) if os.access(home, os.X_OK) else None)


def _tail(r: subprocess.CompletedProcess) -> str:
    return (r.stdout + r.stderr).strip()[-300:]


def prepare_java(work: Path) -> tuple[list[str] | None, str]:
    """The Java bench's command (the client compiled offline by Maven, the bench by javac), or why not."""
    if not shutil.which("mvn") or not shutil.which("javac"):
        return None, "mvn or javac is not installed (scripts/setup.sh)"
    r = subprocess.run(["mvn", "-B", "-q", "-o", "compile"], cwd=JAVA_DIR, capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        return None, f"mvn -o compile failed: {_tail(r)}"
    classpath = f"{JAVA_DIR / 'target' / 'classes'}:{JAVA_DIR / 'target' / 'lib'}/*"
    out = work / "gymcc_java_bench"
    r = subprocess.run(["javac", "-cp", classpath, "-d", str(out), str(JAVA_DIR / "bench" / "StepBench.java")],
                       capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        return None, f"javac failed: {_tail(r)}"
    return ["java", "-cp", f"{out}:{classpath}", "StepBench"], ""


def prepare_rust(quick: bool) -> tuple[list[str] | None, str]:
    """The Rust bench's command (cargo, release, offline), or why not."""
    cargo = _cargo()
    if cargo is None:
        return None, "cargo is not installed (scripts/setup.sh)"
    if quick and not RUST_BENCH.exists():
        return None, ("not built, and a cold release build does not fit the smoke run: "
                      f"cd bindings/rust && cargo {' '.join(RUST_BUILD)}")
    r = subprocess.run([cargo, *RUST_BUILD], cwd=RUST_DIR, capture_output=True, text=True, timeout=900)
    if r.returncode != 0:
        return None, f"cargo build failed: {_tail(r)}"
    # The bench reports the compiler as its runtime: the one that just built it.
    rustc = shutil.which("rustc") or str(Path(cargo).with_name("rustc"))
    version = subprocess.run([rustc, "--version"], capture_output=True, text=True).stdout.strip()
    return ["env", f"GYMCC_RUSTC_VERSION={version or 'rust'}", str(RUST_BENCH)], ""


def prepare(work: Path, python_client: bool, quick: bool = False) -> tuple[dict[str, list[str]], dict[str, str]]:
    """(client -> command prefix, client -> why it is skipped); `quick`: the smoke run's budget."""
    commands: dict[str, list[str]] = {}
    skipped: dict[str, str] = {}
    if python_client:
        commands["python"] = [sys.executable, str(Path(__file__).resolve()), "python-worker"]
    else:
        skipped["python"] = "the gymcc Python package is not importable"
    tsc = TS_DIR / "node_modules" / ".bin" / "tsc"
    if not shutil.which("node") or not tsc.exists():
        skipped["typescript"] = "node or bindings/typescript/node_modules is missing (scripts/setup.sh)"
    else:
        r = subprocess.run([str(tsc), "-p", "tsconfig.json"], cwd=TS_DIR, capture_output=True, text=True, timeout=300)
        if r.returncode == 0:
            commands["typescript"] = ["node", str(TS_DIR / "dist" / "bench" / "step.js")]
        else:
            skipped["typescript"] = f"tsc failed: {(r.stdout + r.stderr).strip()[-300:]}"
    go = _go()
    if go is None:
        skipped["go"] = "go is not installed (scripts/setup.sh)"
    else:
        exe = work / "gymcc_go_bench"
        env = {**os.environ, "GOPROXY": "off", "GOFLAGS": "-mod=readonly"}
        r = subprocess.run([go, "build", "-o", str(exe), "./internal/bench"], cwd=GO_DIR, env=env,
                           capture_output=True, text=True, timeout=300)
        if r.returncode == 0:
            commands["go"] = [str(exe)]
        else:
            skipped["go"] = f"go build failed: {r.stderr.strip()[-300:]}"
    for client, (command, why) in (("java", prepare_java(work)), ("rust", prepare_rust(quick))):
        if command is None:
            skipped[client] = why
        else:
            commands[client] = command
    return commands, skipped


def measure(command: list[str], url: str, transport: str, seconds: float, warmup: float) -> dict:
    """One client's run: its JSON line."""
    cmd = [*command, "--url", url, "--transport", transport, "--seconds", str(seconds), "--warmup", str(warmup)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + warmup + 120)
    for line in r.stdout.splitlines():
        try:
            d = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(d, dict) and d.get("mode") == "client-step":
            if r.returncode != 0:
                break
            return d
    raise RuntimeError(f"{' '.join(command)} exited {r.returncode}: {r.stderr.strip()[-300:]}")


def python_worker(url: str, transport: str, seconds: float, warmup: float) -> dict:
    """The Python client's run (RemoteEnv: REST only; it has no single-env WebSocket API)."""
    if transport != "http":
        raise SystemExit("the Python client steps single envs over HTTP only")
    import warnings

    warnings.filterwarnings("ignore")
    from gymcc.remote import RemoteEnv

    env = RemoteEnv(url, ENV_ID)
    env.reset(seed=0)
    latencies: list[float] = []
    resets = n = 0

    def run(duration: float, record: bool) -> None:
        nonlocal resets, n
        until = time.perf_counter() + duration
        while time.perf_counter() < until:
            started = time.perf_counter()
            _, _, terminated, truncated, _ = env.step(n % 2)
            if record:
                latencies.append((time.perf_counter() - started) * 1e6)
            n += 1
            if terminated or truncated:
                env.reset()
                resets += record

    run(warmup, False)
    start = time.perf_counter()
    run(seconds, True)
    elapsed = time.perf_counter() - start
    env.close()
    latencies.sort()
    at = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
    return {"mode": "client-step", "client": "python", "runtime": f"python {sys.version.split()[0]}",
            "transport": transport, "env": ENV_ID, "steps": len(latencies), "resets": resets,
            "duration_s": elapsed,
            "latency_us": {"p50": at(0.5), "p90": at(0.9), "p99": at(0.99),
                           "mean": sum(latencies) / len(latencies), "min": latencies[0], "max": latencies[-1]}}


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("kind", choices=["python-worker"])
    p.add_argument("--url", required=True)
    p.add_argument("--transport", default="http")
    p.add_argument("--seconds", type=float, default=2.0)
    p.add_argument("--warmup", type=float, default=0.5)
    a = p.parse_args(argv)
    print(json.dumps(python_worker(a.url, a.transport, a.seconds, a.warmup)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
