#!/usr/bin/env python3
"""Turns a benchmarks/run.py result (JSON) into the Markdown table, the PNG
chart and the targets section; checks that a result file is well-formed.

    report.py results/latest.json            # rewrite latest.md and latest.png beside it
    report.py --validate results/latest.json # exit 1 if it is not well-formed
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
from pathlib import Path

SCHEMA = "gymcc-bench/1"
TOP_KEYS = {"schema": str, "created": str, "profile": str, "config": dict, "machine": dict,
            "versions": dict, "skipped": dict, "notes": list, "failures": list,
            "channels": list, "targets": list}
STATUSES = {"pass", "miss", "n/a"}

# ----------------------------------------------------------------------------
# Access


def channels(data: dict) -> dict[str, dict]:
    return {c["key"]: c for c in data.get("channels", [])}


def summary(data: dict, key: str, metric: str) -> dict | None:
    c = channels(data).get(key)
    if not c:
        return None
    return (c.get("summary") or {}).get(metric)


def paired_ratio(data: dict, num: tuple[str, str], den: tuple[str, str]) -> dict | None:
    """Median/min/max over repetitions of num/den measured in the same repetition."""
    ch = channels(data)
    a, b = ch.get(num[0]), ch.get(den[0])
    if not a or not b:
        return None
    by_rep = {r.get("rep"): r.get(den[1]) for r in b["runs"]}
    ratios = []
    for r in a["runs"]:
        x, y = r.get(num[1]), by_rep.get(r.get("rep"))
        if isinstance(x, (int, float)) and isinstance(y, (int, float)) and y > 0:
            ratios.append(x / y)
    if not ratios:
        return None
    return {"median": statistics.median(ratios), "min": min(ratios), "max": max(ratios),
            "n": len(ratios)}


# ----------------------------------------------------------------------------
# Targets (reported, never asserted)


OPS = {"<=": lambda v, t: v <= t, ">=": lambda v, t: v >= t, ">": lambda v, t: v > t}


def targets(data: dict) -> list[dict]:
    out = []

    def add(name, value, threshold, op, detail, unit="×"):
        status = "n/a" if value is None else \
            ("pass" if OPS[op](value["median"], threshold) else "miss")
        out.append({"name": name, "value": value, "threshold": threshold, "op": op,
                    "unit": unit, "status": status, "detail": detail})

    add("native CartPole static step / bare loop", data_ratio(data, "native"), 1.3, "<=",
        "gymcc_bench_native static/CartPole vs bare_loop/CartPole, same process")
    for gen, label in (("own", "gymcc_http_load"), ("wrk", "wrk")):
        add(f"HTTP 1-client p50 / nginx floor ({label})",
            paired_ratio(data, (f"http/{gen}/gymcc/CartPole-v1/c1", "p50"),
                         (f"http/{gen}/nginx/CartPole-v1/c1", "p50")), 1.3, "<=",
            "CartPole-v1 step, one keep-alive connection")
    conns = max(data.get("config", {}).get("connections", [64]))
    for gen, label in (("own", "gymcc_http_load"), ("wrk", "wrk")):
        add(f"HTTP {conns}-connection throughput / nginx floor ({label})",
            paired_ratio(data, (f"http/{gen}/gymcc/CartPole-v1/c{conns}", "rps"),
                         (f"http/{gen}/nginx/CartPole-v1/c{conns}", "rps")), 0.75, ">=",
            f"CartPole-v1 steps/s vs floor requests/s, {conns} connections")
    mem = summary(data, "memory/CartPole-v1", "bytes_per_instance")
    instances = channels(data).get("memory/CartPole-v1", {}).get("instances")
    add("server memory per live CartPole instance (bytes)", mem, 2048, "<=",
        f"RSS delta / {instances} instances (create + reset each)" if instances else "RSS delta",
        unit="B")
    fast_targets(data, add)
    add("gRPC stream step p50 / gRPC echo p50, same messages",
        paired_ratio(data, (GRPC_GYMCC, "p50"), (GRPC_ECHO, "p50")), 1.3, "<=",
        "dm_env_rpc Step of CartPole-v1 on one stream, one outstanding, vs an echo server "
        "answering the same bytes")
    return out


# gRPC (docs/grpc.md): channel keys written by run.py.
GRPC_GYMCC = "grpc/step/gymcc/CartPole-v1"
GRPC_ECHO = "grpc/step/echo/CartPole-v1"


def grpc_markdown(data: dict) -> list[str]:
    ch = channels(data)
    if GRPC_GYMCC not in ch:
        return []
    window = ch[GRPC_GYMCC].get("window")
    L = ["## gRPC: dm_env_rpc", ""]
    L.append("The fast-path server's `--grpc-port`, loaded by `gymcc_grpc_load` (C++ gRPC "
             "client, unpinned): dm_env_rpc `Step` requests of CartPole-v1 on one stream "
             "(observation, reward, terminated and truncated requested), one outstanding, then "
             f"{window} in flight. The floor is an echo server in a process of its own that "
             "answers every request with the very bytes gymcc answered. REST and WebSocket "
             "rows are the same run's (REST: one keep-alive connection, unpinned; WebSocket: "
             "JSON, client and server on one core).")
    L.append("")
    L.append("| transport | request / reply bytes | p50 (µs) | p90 | p99 | pipelined steps/s |")
    L.append("|---|---|---|---|---|---|")
    for key, name in ((GRPC_GYMCC, "gRPC stream, gymcc"), (GRPC_ECHO, "gRPC echo (floor)")):
        L.append(f"| {name} | {bytes_pair(data, key)} | {cell(summary(data, key, 'p50'))} | "
                 f"{cell(summary(data, key, 'p90'))} | {cell(summary(data, key, 'p99'))} | "
                 f"{cell(summary(data, key, 'pipelined_steps_per_s'))} |")
    rest = "http/own/gymcc/CartPole-v1/c1"
    if rest in ch:
        L.append(f"| REST (HTTP/1.1 JSON) | – | {cell(summary(data, rest, 'p50'))} | "
                 f"{cell(summary(data, rest, 'p90'))} | {cell(summary(data, rest, 'p99'))} | – |")
    ws = fast_key("ws", "json", "same-core")
    if ws in ch:
        L.append(f"| WebSocket JSON | {bytes_pair(data, ws)} | {cell(summary(data, ws, 'p50'))} | "
                 f"{cell(summary(data, ws, 'p90'))} | {cell(summary(data, ws, 'p99'))} | – |")
    L.append("")
    L.append("gRPC step / echo p50, paired per repetition: "
             f"{ratio_cell(paired_ratio(data, (GRPC_GYMCC, 'p50'), (GRPC_ECHO, 'p50')))}; "
             "pipelined: "
             f"{ratio_cell(paired_ratio(data, (GRPC_GYMCC, 'pipelined_steps_per_s'), (GRPC_ECHO, 'pipelined_steps_per_s')))}.")
    L.append("")
    return L


# The fast paths (docs/fast-paths.md): channel keys written by run.py.
FAST_ENV = "CartPole-v1"
PLACEMENTS = {"same-core": "client and server on one core",
              "cross-core": "client and server on two cores"}


def fast_key(kind: str, encoding: str, placement: str) -> str:
    return f"fast/{kind}/{encoding}/{placement}/{FAST_ENV}"


def fast_targets(data: dict, add) -> None:
    if not any(k.startswith("fast/") for k in channels(data)):
        return
    for placement, where in PLACEMENTS.items():
        add(f"WebSocket step p50 / raw TCP ping-pong p50, same sizes ({where})",
            paired_ratio(data, (fast_key("ws", "json", placement), "p50"),
                         (fast_key("tcp", "json", placement), "p50")), 1.2, "<=",
            "CartPole-v1 step over one WebSocket, JSON text, one outstanding, vs a blocking "
            "loopback TCP ping-pong with the same wire bytes, alternating in the same run")
    ws = channels(data).get(f"fast/ws-vector/{FAST_ENV}", {})
    add(f"batched CartPole-v1 over WebSocket + MessagePack ({ws.get('num_envs', 1024)} envs "
        f"per message)", summary(data, f"fast/ws-vector/{FAST_ENV}", "env_steps_per_s"), 10e6,
        ">=", "env-steps/s, every vector env with one step in flight", unit="env-steps/s")
    hv = channels(data).get(f"fast/http-vector/{FAST_ENV}", {})
    add(f"batched CartPole-v1 over HTTP JSON ({hv.get('num_envs', 1024)} envs per request)",
        summary(data, f"fast/http-vector/{FAST_ENV}", "env_steps_per_s"), 3e6, ">=",
        "env-steps/s, POST /v1/vector_envs/{id}/step/ on keep-alive connections",
        unit="env-steps/s")
    for n in python_sizes(data):
        add(f"Python rollout, {n} envs: RemoteVectorEnv / gymnasium.make_vec sync",
            python_ratio(data, n), 1.0, ">",
            "env-steps/s of the same step loop (autoreset), paired per repetition")


def python_sizes(data: dict) -> list[int]:
    prefix = f"fast/python/remote_vector/{FAST_ENV}/n"
    return sorted(int(k[len(prefix):]) for k in channels(data) if k.startswith(prefix))


def python_ratio(data: dict, n: int) -> dict | None:
    return paired_ratio(data, (f"fast/python/remote_vector/{FAST_ENV}/n{n}", "env_steps_per_s"),
                        (f"fast/python/gymnasium_sync/{FAST_ENV}/n{n}", "env_steps_per_s"))


def data_ratio(data: dict, _group: str) -> dict | None:
    return summary(data, "native/ratio/CartPole-v1", "ratio")


# ----------------------------------------------------------------------------
# Markdown


def num(v: float | None) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "–"
    a = abs(v)
    if a >= 10000:
        return f"{v:,.0f}"
    if a >= 100:
        return f"{v:.0f}"
    if a >= 10:
        return f"{v:.1f}"
    if a >= 1:
        return f"{v:.2f}"
    return f"{v:.3f}"


def cell(s: dict | None, scale: float = 1.0, suffix: str = "") -> str:
    if not s:
        return "–"
    med, lo, hi = s["median"] * scale, s["min"] * scale, s["max"] * scale
    if s.get("n", 1) <= 1 or lo == hi:
        return f"{num(med)}{suffix}"
    return f"{num(med)}{suffix} ({num(lo)}–{num(hi)})"


def ratio_cell(s: dict | None) -> str:
    return cell(s, suffix="×")


def target_unit(t: dict) -> str:
    # Files written before targets had units: the memory target is the one in bytes.
    return t.get("unit") or ("B" if t["threshold"] == 2048 else "×")


def target_value(t: dict) -> str:
    unit = target_unit(t)
    if unit == "B":
        return cell(t["value"], 1.0, " B")
    if unit == "env-steps/s":
        return cell(t["value"], 1e-6, " M/s")
    return ratio_cell(t["value"])


def target_threshold(t: dict) -> str:
    op = {"<=": "≤", ">=": "≥", ">": ">"}.get(t["op"], t["op"])
    unit = target_unit(t)
    if unit == "B":
        return f"{op} {num(t['threshold'] / 1024)} KiB"
    if unit == "env-steps/s":
        return f"{op} {num(t['threshold'] / 1e6)} M/s"
    return f"{op} {t['threshold']}×"


def render_markdown(data: dict, chart_name: str | None = "latest.png") -> str:
    cfg, m, v = data.get("config", {}), data.get("machine", {}), data.get("versions", {})
    ch = channels(data)
    L: list[str] = []
    L.append(f"# gymcc benchmark — {data.get('created', '')}")
    L.append("")
    L.append(f"Profile `{data.get('profile')}`: {cfg.get('reps')} repetitions, interleaved "
             f"(every repetition runs every channel once, in a rotated order); "
             f"{cfg.get('http_seconds')} s per HTTP channel (+{cfg.get('http_warmup_seconds')} s "
             f"warm-up; wrk {cfg.get('wrk_seconds')} s), {cfg.get('python_seconds')} s per Python "
             f"channel. Each cell: **median (min–max)** over the repetitions. "
             f"Total {data.get('elapsed_s', '?')} s.")
    L.append("")
    load = m.get("loadavg_start") or [0]
    L.append(f"**Machine:** {m.get('cores')} cores, {m.get('cpu')}, {m.get('memory')}, "
             f"{m.get('os')}, Linux {m.get('kernel')}"
             + (f", governor {m['governor']}" if m.get("governor") else "")
             + f"; 1-min load average {load[0]:.2f} at the start, "
             f"{(m.get('loadavg_end') or [0])[0]:.2f} at the end.")
    L.append("")
    L.append(f"**Versions:** gymcc {v.get('gymcc')} ({v.get('build_type') or '?'} build, "
             f"{v.get('cxx') or '?'}, Boost {v.get('boost') or '?'}); Python {v.get('python')}, "
             f"gymnasium {v.get('gymnasium') or '–'}, numpy {v.get('numpy') or '–'}, "
             f"envpool {v.get('envpool') or '– (not installed)'}, gymcc Python "
             f"{v.get('gymcc_python') or '– (not importable)'}; {v.get('nginx') or 'nginx –'}; "
             f"{v.get('wrk') or 'wrk –'}. Server: `gymcc serve --threads "
             f"{cfg.get('server_threads')}`; nginx {cfg.get('nginx_workers') or '–'} workers "
             f"answering the {cfg.get('step_body_bytes')}-byte CartPole step body.")
    L.append("")

    L.append("## Targets (reported, not asserted)")
    L.append("")
    L.append("| target | measured | threshold | result |")
    L.append("|---|---|---|---|")
    for t in data.get("targets", []):
        res = {"pass": "**pass**", "miss": "**miss**"}.get(t["status"], "n/a")
        L.append(f"| {t['name']} | {target_value(t)} | {target_threshold(t)} | {res} |")
    L.append("")

    envs = cfg.get("envs", [])
    L.append("## Step cost per environment")
    L.append("")
    L.append("Native and Python figures include the occasional reset when an episode ends, as a "
             "training loop would. HTTP: one sequential keep-alive client (gymcc_http_load), "
             "median latency of a step request.")
    L.append("")
    L.append("| env | native static (ns) | native `Env` (ns) | Python gymnasium (µs) | "
             "Python gymcc (µs) | EnvPool 1 env (µs) | HTTP gymcc p50 (µs) |")
    L.append("|---|---|---|---|---|---|---|")
    for e in envs:
        L.append("| " + " | ".join([
            e,
            cell(summary(data, f"native/static/{e}", "ns_per_step")),
            cell(summary(data, f"native/type_erased/{e}", "ns_per_step")),
            cell(summary(data, f"python/gymnasium/{e}", "us_per_step")),
            cell(summary(data, f"python/gymcc/{e}", "us_per_step")),
            cell(summary(data, f"envpool/single/{e}", "us_per_step")),
            cell(summary(data, f"http/own/gymcc/{e}/c1", "p50")),
        ]) + " |")
    bare = summary(data, "native/bare_loop/CartPole-v1", "ns_per_step")
    if bare:
        L.append("")
        L.append(f"Bare hand-written CartPole loop: {cell(bare)} ns/step; static CartPole / bare "
                 f"loop (paired per repetition): "
                 f"{ratio_cell(summary(data, 'native/ratio/CartPole-v1', 'ratio'))}.")
    batched = summary(data, "envpool/batched/CartPole-v1", "steps_per_s")
    if batched:
        b = ch["envpool/batched/CartPole-v1"]
        L.append("")
        L.append(f"EnvPool batched CartPole-v1 ({b.get('batch')} envs, "
                 f"{m.get('cores')} threads, sync): {cell(batched)} env-steps/s.")
    L.append("")

    L.append("## HTTP, one sequential client")
    L.append("")
    L.append("Loopback keep-alive, `POST /v1/envs/{id}/step/`. The floor is nginx answering the "
             "same bytes gymcc returns for a CartPole step; the ratio is gymcc / floor with the "
             "same load generator, paired per repetition.")
    L.append("")
    L.append("| channel | p50 (µs) | p90 (µs) | p99 (µs) | max (µs) | steps/s | p50 / floor |")
    L.append("|---|---|---|---|---|---|---|")
    rows = []
    for gen, gname in (("own", "gymcc_http_load"), ("wrk", "wrk")):
        for e in envs:
            rows.append((f"gymcc {e} — {gname}", f"http/{gen}/gymcc/{e}/c1",
                         f"http/{gen}/nginx/CartPole-v1/c1" if e == "CartPole-v1" else None))
        rows.append((f"nginx floor — {gname}", f"http/{gen}/nginx/CartPole-v1/c1", None))
    for label, key, floor in rows:
        if key not in ch or not ch[key].get("runs"):
            continue
        s = lambda k: summary(data, key, k)  # noqa: E731
        ratio = paired_ratio(data, (key, "p50"), (floor, "p50")) if floor else None
        L.append(f"| {label} | {cell(s('p50'))} | {cell(s('p90'))} | {cell(s('p99'))} | "
                 f"{cell(s('max'))} | {cell(s('rps'))} | {ratio_cell(ratio) if floor else ''} |")
    L.append("")

    L.append("## HTTP throughput vs connections (CartPole-v1)")
    L.append("")
    L.append("gymcc_http_load: N threads × 1 keep-alive connection, each with its own env. "
             "wrk: `-t min(N, cores)`; its Lua cannot tell connections apart, so each wrk thread "
             "cycles round-robin through its share of a pool of N envs.")
    L.append("")
    L.append("| conns | gymcc steps/s (own) | p99 µs | floor req/s (own) | p99 µs | gymcc / floor | "
             "gymcc steps/s (wrk) | p99 µs | floor req/s (wrk) | p99 µs | gymcc / floor |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|")
    for c in cfg.get("connections", []):
        parts = [str(c)]
        for gen in ("own", "wrk"):
            g, n = f"http/{gen}/gymcc/CartPole-v1/c{c}", f"http/{gen}/nginx/CartPole-v1/c{c}"
            parts += [cell(summary(data, g, "rps")), cell(summary(data, g, "p99")),
                      cell(summary(data, n, "rps")), cell(summary(data, n, "p99")),
                      ratio_cell(paired_ratio(data, (g, "rps"), (n, "rps")))]
        L.append("| " + " | ".join(parts) + " |")
    L.append("")

    lc = ch.get("lifecycle/CartPole-v1")
    mem = summary(data, "memory/CartPole-v1", "bytes_per_instance")
    if lc or mem:
        n = (lc or ch.get("memory/CartPole-v1") or {}).get("instances")
        L.append(f"## Instance lifecycle and memory (CartPole-v1, {n} instances)")
        L.append("")
        L.append("One connection, sequential, on a fresh server: create then reset each instance, "
                 "read the server's RSS (/proc/PID/status), then delete them all.")
        L.append("")
        L.append("| operation | p50 (µs) | p99 (µs) | mean (µs) |")
        L.append("|---|---|---|---|")
        for op, name in (("create", "create (POST /v1/envs/)"), ("reset", "reset"),
                         ("create_reset", "create + reset"), ("delete", "delete")):
            if summary(data, "lifecycle/CartPole-v1", f"{op}_p50"):
                L.append(f"| {name} | {cell(summary(data, 'lifecycle/CartPole-v1', op + '_p50'))} | "
                         f"{cell(summary(data, 'lifecycle/CartPole-v1', op + '_p99'))} | "
                         f"{cell(summary(data, 'lifecycle/CartPole-v1', op + '_mean'))} |")
        if mem:
            L.append("")
            L.append(f"Server memory per live instance: **{cell(mem, suffix=' B')}** "
                     f"(RSS delta / {n}).")
        L.append("")

    L.extend(fast_markdown(data))
    L.extend(grpc_markdown(data))
    L.extend(clients_markdown(data))
    L.extend(snapshot_markdown(data))

    notes = list(data.get("notes", []))
    for f in data.get("failures", []):
        notes.append("failed: " + f)
    if notes:
        L.append("## Notes")
        L.append("")
        for n_ in notes:
            L.append(f"- {n_}")
        L.append("")
    if chart_name:
        L.append(f"![latency per channel, HTTP latency distribution, throughput vs connections]"
                 f"({chart_name})")
        L.append("")
    return "\n".join(L)


def bytes_pair(data: dict, key: str) -> str:
    req, rep_ = summary(data, key, "request_bytes"), summary(data, key, "reply_bytes")
    if not req or not rep_:
        return "–"
    return f"{round(req['median']):,} / {round(rep_['median']):,}"


def fast_markdown(data: dict) -> list[str]:
    ch = channels(data)
    if not any(k.startswith("fast/") for k in ch):
        return []
    cfg = data.get("config", {}).get("fast", {})
    L = ["## Fast paths: WebSocket sessions, MessagePack, vector envs", ""]
    L.append(f"A `gymcc serve` of their own ({data.get('config', {}).get('server_threads')} "
             "threads), loaded by `gymcc_ws_load`. Same protocol as docs/fast-paths.md.")
    L.append("")
    rows = [(enc, placement) for enc in ("json", "msgpack") for placement in PLACEMENTS
            if fast_key("ws", enc, placement) in ch]
    if rows:
        L.append("**Single-env step round trip** (CartPole-v1, one WebSocket, one request "
                 "outstanding, reset when an episode ends, untimed) against a raw TCP ping-pong "
                 "(blocking loopback sockets, TCP_NODELAY, echo in a separate process) with the "
                 "same bytes on the wire — WebSocket frame headers and the client's mask "
                 "included — the two alternating in slices of the same run. The client, the "
                 "echo process and every server thread are pinned: on one core a round trip "
                 "costs two context switches; on two cores it costs two wake-ups of an idle "
                 "CPU, which on a VM dwarf everything else. Ratio: paired per repetition.")
        L.append("")
        L.append("| encoding | placement | bytes on the wire (request / reply) | WS p50 (µs) | "
                 "WS p90 | WS p99 | TCP p50 (µs) | TCP p90 | TCP p99 | WS / TCP p50 |")
        L.append("|---|---|---|---|---|---|---|---|---|---|")
        for enc, placement in rows:
            w, t = fast_key("ws", enc, placement), fast_key("tcp", enc, placement)
            size = bytes_pair(data, w)
            L.append("| " + " | ".join([
                {"json": "JSON text", "msgpack": "MessagePack"}[enc], placement, size,
                cell(summary(data, w, "p50")), cell(summary(data, w, "p90")),
                cell(summary(data, w, "p99")), cell(summary(data, t, "p50")),
                cell(summary(data, t, "p90")), cell(summary(data, t, "p99")),
                ratio_cell(paired_ratio(data, (w, "p50"), (t, "p50")))]) + " |")
        L.append("")
    vec = [(k, ch[k]) for k in (f"fast/ws-vector/{FAST_ENV}", f"fast/http-vector/{FAST_ENV}")
           if k in ch and ch[k].get("runs")]
    if vec:
        L.append(f"**Batched CartPole-v1**, {cfg.get('num_envs', 1024)} sub-envs per vector env "
                 "(one message = one step of all of them, autoreset). WebSocket: each vector env "
                 "keeps one step in flight and computes its next actions from the observations "
                 "of its reply, which is decoded and checked in full; HTTP: keep-alive "
                 "connections, one vector env and one request at a time each, status checked. "
                 "Latency: per message, send to reply.")
        L.append("")
        L.append("| path | load | env-steps/s | messages/s | p50 (µs) | p99 (µs) | "
                 "request / reply bytes |")
        L.append("|---|---|---|---|---|---|---|")
        for key, c in vec:
            if c.get("kind") == "ws-vector":
                path = "WebSocket, MessagePack"
                load = f"{c.get('sockets')} sockets × {c.get('envs_per_socket')} vector envs"
            else:
                path = "HTTP, JSON"
                load = f"{c.get('connections')} connections × 1 vector env"
            size = bytes_pair(data, key)
            L.append(f"| {path} | {load} | {cell(summary(data, key, 'env_steps_per_s'), 1e-6, ' M')} | "
                     f"{cell(summary(data, key, 'messages_per_s'))} | "
                     f"{cell(summary(data, key, 'p50'))} | {cell(summary(data, key, 'p99'))} | "
                     f"{size} |")
        L.append("")
    sizes = python_sizes(data)
    if sizes:
        L.append("**Python rollout loop** (`benchmarks/python_step.py --remote-only`): the same "
                 "`step` loop (actions drawn beforehand, autoreset) on "
                 "`gymcc.remote.RemoteVectorEnv` — one WebSocket, MessagePack, to the fast-path "
                 "server above, unpinned — and on in-process "
                 "`gymnasium.make_vec(..., vectorization_mode=\"sync\")`. Wall-clock env-steps/s; "
                 "the ratio is paired per repetition.")
        L.append("")
        L.append("| envs | RemoteVectorEnv env-steps/s | gymnasium sync env-steps/s | "
                 "RemoteVectorEnv / sync |")
        L.append("|---|---|---|---|")
        for n in sizes:
            remote = summary(data, f"fast/python/remote_vector/{FAST_ENV}/n{n}", "env_steps_per_s")
            sync = summary(data, f"fast/python/gymnasium_sync/{FAST_ENV}/n{n}", "env_steps_per_s")
            L.append(f"| {n} | {cell(remote, 1e-6, ' M')} | {cell(sync, 1e-6, ' M')} | "
                     f"{ratio_cell(python_ratio(data, n))} |")
        L.append("")
    return L


def snapshot_markdown(data: dict) -> list[str]:
    """Snapshot round trips (get_state then set_state) per env and channel, and clones."""
    ch = channels(data)
    envs = [e for e in data.get("config", {}).get("envs", []) if f"snapshot/http/{e}" in ch]
    if not envs:
        return []
    L = ["## Snapshots: get_state + set_state round trip", ""]
    L.append("One round trip takes an env's state and restores it (docs/snapshots.md): natively "
             "on the type-erased `Env` (gymcc_bench_native), through `gymcc.make` (Python), over "
             "HTTP (`GET` then `PUT /v1/envs/{id}/state/`, one keep-alive connection) and over a "
             "WebSocket (`get_state` then `set_state`, JSON). Clone: `POST .../clone/` then "
             "`DELETE` of the clone, sequentially (benchmarks/snapshot_bench.py).")
    L.append("")
    L.append("| env | state (bytes) | native (µs) | gymcc.make (µs) | HTTP p50 (µs) | "
             "WebSocket p50 (µs) | clone + delete p50 (µs) | clones/s |")
    L.append("|---|---|---|---|---|---|---|---|")
    for e in envs:
        L.append("| " + " | ".join([
            e,
            str(ch[f"snapshot/http/{e}"].get("state_bytes", "–")),
            cell(summary(data, f"native/snapshot/{e}", "ns_per_step"), 1e-3),
            cell(summary(data, f"snapshot/python/{e}", "p50")),
            cell(summary(data, f"snapshot/http/{e}", "p50")),
            cell(summary(data, f"snapshot/ws/{e}", "p50")),
            cell(summary(data, f"snapshot/clone/{e}", "p50")),
            cell(summary(data, f"snapshot/clone/{e}", "clones_per_s")),
        ]) + " |")
    L.append("")
    return L


def clients_markdown(data: dict) -> list[str]:
    """The clients (bindings/<lang>) side by side: one env, one step in flight."""
    rows = [c for k, c in channels(data).items() if k.startswith("clients/") and c.get("runs")]
    if not rows:
        return []
    L = ["## Clients: single-env step (CartPole-v1)", ""]
    L.append("Each client steps one CartPole-v1 on the same `gymcc serve` (the HTTP channels' "
             "server, unpinned) with one step in flight, timing every step around its own step "
             "call — request encoding, the round trip and decoding into the client's types "
             "included; resets untimed (benchmarks/clients.py).")
    L.append("")
    L.append("| client | transport | runtime | p50 (µs) | p90 (µs) | p99 (µs) | steps/s |")
    L.append("|---|---|---|---|---|---|---|")
    for c in rows:
        k = c["key"]
        # Runs recorded before channels carried their encoding: every session was MessagePack.
        encoding = c.get("encoding") or ("MessagePack" if c.get("transport") == "ws" else "JSON")
        transport = {"http": "HTTP", "ws": "WebSocket"}.get(c.get("transport"), "?") + f", {encoding}"
        L.append(f"| {c['label'].rsplit(', ', 1)[0]} | {transport} | {c.get('runtime') or '–'} | "
                 f"{cell(summary(data, k, 'p50'))} | {cell(summary(data, k, 'p90'))} | "
                 f"{cell(summary(data, k, 'p99'))} | {cell(summary(data, k, 'steps_per_s'))} |")
    L.append("")
    return L


# ----------------------------------------------------------------------------
# Chart


def _legend(ax, **kw) -> None:
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8, **kw)
    else:
        ax.text(0.5, 0.5, "not measured", transform=ax.transAxes, ha="center", color="gray")


def render_chart(data: dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ch = channels(data)
    envs = data.get("config", {}).get("envs", [])
    markers = {e: mk for e, mk in zip(envs, ["o", "s", "^", "D", "v"])}
    colors = {e: c for e, c in zip(envs, ["tab:blue", "tab:orange", "tab:green", "tab:red"])}
    fig, axes = plt.subplots(1, 3, figsize=(17, 5.6), gridspec_kw={"width_ratios": [1.35, 1, 1]})

    # (a) per-step latency per channel, log axis
    ax = axes[0]
    rows = [
        ("native bare loop", "native/bare_loop/{e}", "ns_per_step", 1e-3, False),
        ("native static", "native/static/{e}", "ns_per_step", 1e-3, False),
        ("native Env", "native/type_erased/{e}", "ns_per_step", 1e-3, False),
        ("EnvPool 1 env", "envpool/single/{e}", "us_per_step", 1, False),
        ("Python gymcc", "python/gymcc/{e}", "us_per_step", 1, False),
        ("Python gymnasium", "python/gymnasium/{e}", "us_per_step", 1, False),
        ("HTTP floor (own)", "http/own/nginx/{e}/c1", None, 1, True),
        ("HTTP gymcc (own)", "http/own/gymcc/{e}/c1", None, 1, True),
        ("HTTP floor (wrk)", "http/wrk/nginx/{e}/c1", None, 1, True),
        ("HTTP gymcc (wrk)", "http/wrk/gymcc/{e}/c1", None, 1, True),
        ("TCP ping-pong, 1 core", "fast/tcp/json/same-core/{e}", None, 1, True),
        ("WebSocket JSON, 1 core", "fast/ws/json/same-core/{e}", None, 1, True),
        ("TCP ping-pong, 2 cores", "fast/tcp/json/cross-core/{e}", None, 1, True),
        ("WebSocket JSON, 2 cores", "fast/ws/json/cross-core/{e}", None, 1, True),
    ]
    labels = []
    y = 0
    legend_done = set()
    for label, pattern, metric, scale, dist in rows:
        drawn = False
        for i, e in enumerate(envs):
            key = pattern.format(e=e)
            c = ch.get(key)
            if not c or not c.get("runs"):
                continue
            yy = y + (i - (len(envs) - 1) / 2) * 0.22
            lab = e if e not in legend_done else None
            legend_done.add(e)
            if dist:
                s = c["summary"]
                p50, p99, mx, mn = (s[k]["median"] for k in ("p50", "p99", "max", "min"))
                ax.plot([mn, mx], [yy, yy], color=colors[e], lw=1, alpha=0.35)
                ax.plot([p50, p99], [yy, yy], color=colors[e], lw=4, alpha=0.8,
                        solid_capstyle="butt")
                ax.plot([p50], [yy], marker=markers[e], color=colors[e], ms=6, ls="", label=lab)
            else:
                s = c["summary"][metric]
                med, lo, hi = s["median"] * scale, s["min"] * scale, s["max"] * scale
                ax.errorbar([med], [yy], xerr=[[med - lo], [hi - med]], marker=markers[e],
                            color=colors[e], ms=6, capsize=3, ls="", label=lab)
            drawn = True
        if drawn:
            labels.append((y, label))
            y += 1
    ax.set_xscale("log")
    ax.set_yticks([p for p, _ in labels], [t for _, t in labels])
    ax.set_xlabel("µs per step (log)")
    ax.set_title("Step latency per channel\nmarker: median (min–max of reps); "
                 "HTTP/WS/TCP bar: p50–p99, thin: min–max", fontsize=10)
    ax.grid(axis="x", which="both", alpha=0.25)
    _legend(ax, loc="lower right")

    # (b) HTTP latency distribution, 1 connection, CartPole
    ax = axes[1]
    styles = [("http/own/gymcc/CartPole-v1/c1", "gymcc (gymcc_http_load)", "tab:blue", "-"),
              ("http/own/nginx/CartPole-v1/c1", "nginx floor (gymcc_http_load)", "dimgray", "-"),
              ("http/wrk/gymcc/CartPole-v1/c1", "gymcc (wrk)", "tab:purple", "--"),
              ("http/wrk/nginx/CartPole-v1/c1", "nginx floor (wrk)", "darkgray", "--")]
    for e in envs[1:]:
        styles.append((f"http/own/gymcc/{e}/c1", f"gymcc {e} (gymcc_http_load)", colors[e], ":"))
    for key, label, color, ls in styles:
        cdf = (ch.get(key) or {}).get("cdf")
        if not cdf:
            continue
        xs = [max(p[1], 1e-3) for p in cdf]
        ys = [-math.log10(max(1 - p[0] / 100, 1e-7)) for p in cdf]
        ax.plot(xs, ys, color=color, ls=ls, label=label)
    ax.set_xscale("log")
    ticks = [(math.log10(2), "50"), (1, "90"), (2, "99"), (3, "99.9"), (4, "99.99"),
             (5, "99.999")]
    ax.set_yticks([t for t, _ in ticks], [lab for _, lab in ticks])
    ax.set_ylabel("percentile")
    ax.set_xlabel("step request latency, µs (log)")
    ax.set_title("HTTP step latency distribution\nCartPole-v1, 1 keep-alive connection "
                 "(median rep)", fontsize=10)
    ax.grid(which="both", alpha=0.25)
    _legend(ax, loc="upper left")

    # (c) throughput vs connections
    ax = axes[2]
    conns = data.get("config", {}).get("connections", [])
    for (key, label, color, ls), marker in zip(styles[:4], "oDs^"):
        base = key.rsplit("/c", 1)[0]
        xs, ys, lo, hi = [], [], [], []
        for c in conns:
            s = summary(data, f"{base}/c{c}", "rps")
            if s:
                xs.append(c)
                ys.append(s["median"])
                lo.append(s["median"] - s["min"])
                hi.append(s["max"] - s["median"])
        if xs:
            ax.errorbar(xs, ys, yerr=[lo, hi], color=color, ls=ls, marker=marker, capsize=3,
                        label=label)
    ax.set_xscale("log", base=2)
    ax.set_xticks(conns, [str(c) for c in conns])
    ax.set_ylim(bottom=0)
    ax.set_xlabel("concurrent keep-alive connections")
    ax.set_ylabel("steps (requests) per second")
    ax.set_title("HTTP throughput vs connections\nCartPole-v1, median (min–max of reps)",
                 fontsize=10)
    ax.grid(alpha=0.25)
    _legend(ax)

    m = data.get("machine", {})
    fig.suptitle(f"gymcc {data.get('versions', {}).get('gymcc')} — {m.get('cores')} cores, "
                 f"{m.get('cpu')} — {data.get('created')} ({data.get('profile')})", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=80, format="png")
    plt.close(fig)


# ----------------------------------------------------------------------------
# Files


def _finite(obj):
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_finite(v) for v in obj]
    return obj


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    tmp.replace(path)


def write_all(data: dict, out: Path, chart: bool = True) -> list[Path]:
    data = _finite(data)
    paths = []
    chart_name = None
    if chart:
        try:
            tmp = out / "latest.png.tmp"
            render_chart(data, tmp)
            tmp.replace(out / "latest.png")
            paths.append(out / "latest.png")
            chart_name = "latest.png"
        except ImportError as e:
            data["notes"].append(f"no chart: {e} (pip install -r requirements-dev.txt)")
            print(f"report: no chart: {e}", file=sys.stderr)
    _write(out / "latest.json", json.dumps(data, indent=1, allow_nan=False) + "\n")
    _write(out / "latest.md", render_markdown(data, chart_name))
    return [out / "latest.json", out / "latest.md", *paths]


def validate(data) -> list[str]:
    """Structural checks only: timings are asserted nowhere."""
    problems = []
    if not isinstance(data, dict):
        return ["not a JSON object"]
    for k, t in TOP_KEYS.items():
        if not isinstance(data.get(k), t):
            problems.append(f"{k}: missing or not a {t.__name__}")
    if problems:
        return problems
    if data["schema"] != SCHEMA:
        problems.append(f"schema is {data['schema']!r}, not {SCHEMA!r}")
    for k in ("cores", "cpu"):
        if k not in data["machine"]:
            problems.append(f"machine.{k} missing")
    for k in ("gymcc", "gymnasium", "numpy", "python"):
        if k not in data["versions"]:
            problems.append(f"versions.{k} missing")
    with_runs = 0
    for i, c in enumerate(data["channels"]):
        for k, t in (("key", str), ("group", str), ("label", str), ("unit", str),
                     ("runs", list), ("summary", dict)):
            if not isinstance(c.get(k), t):
                problems.append(f"channels[{i}].{k}: missing or not a {t.__name__}")
        if c.get("runs"):
            with_runs += 1
        for metric, s in (c.get("summary") or {}).items():
            if s is None:
                continue
            if not (isinstance(s, dict) and all(isinstance(s.get(x), (int, float))
                                                for x in ("median", "min", "max"))):
                problems.append(f"channels[{i}].summary.{metric} malformed")
            elif not s["min"] <= s["median"] <= s["max"]:
                problems.append(f"channels[{i}].summary.{metric}: min <= median <= max broken")
    if with_runs == 0:
        problems.append("no channel has any measurement")
    for i, t in enumerate(data["targets"]):
        if t.get("status") not in STATUSES or "name" not in t:
            problems.append(f"targets[{i}] malformed")
    return problems


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("json", type=Path)
    p.add_argument("--validate", action="store_true", help="only check the file's structure")
    p.add_argument("--no-chart", action="store_true")
    a = p.parse_args(argv)
    try:
        data = json.loads(a.json.read_text())
    except (OSError, json.JSONDecodeError) as e:
        print(f"report: {a.json}: {e}", file=sys.stderr)
        return 1
    problems = validate(data)
    if problems:
        print(f"report: {a.json} is not well-formed:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    if a.validate:
        print(f"report: {a.json} is well-formed ({len(data['channels'])} channels)")
        return 0
    data["targets"] = targets(data)
    out = a.json.parent
    md = out / (a.json.stem + ".md")
    chart_name = None
    if not a.no_chart:
        png = out / (a.json.stem + ".png")
        render_chart(data, png)
        chart_name = png.name
    _write(md, render_markdown(data, chart_name))
    print(f"report: wrote {md}" + (f" and {chart_name}" if chart_name else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
