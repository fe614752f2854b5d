#!/usr/bin/env python3
"""Writes tests/data/rng_vectors.json: numpy reference draws for gymcc's RNG.

The C++ test (tests/core/test_rng.cpp) replays every sequence below and
demands bit-identical results. Conventions, chosen so that a JSON parser can
not lose precision:
  * seeds and unsigned 64-bit words are decimal strings (seeds exceed 2**64);
  * doubles are strings holding Python's repr (shortest round-trip form);
    Boost.JSON 1.81 parses numeric doubles inexactly, so they are not numbers;
  * signed integer draws (all within int64) are plain JSON numbers.

Long sequences are stored as a checksum over every draw plus the first few
values (for diagnosis). The checksum is the Horner hash
    h = (h * CHECKSUM_MULTIPLIER + bits(value)) mod 2**64,
over the IEEE-754 bit pattern of each double, or the two's-complement uint64
of each integer. Because the multiplier is odd, any single differing draw
always changes the hash.

Usage: .venv/bin/python tests/tools/make_rng_vectors.py [output.json]
"""

import json
import os
import random
import sys

import numpy as np
from numpy.random.bit_generator import _coerce_to_uint32_array

CHECKSUM_MULTIPLIER = 0x9E3779B97F4A7C15
MASK64 = (1 << 64) - 1

# numpy ziggurat tail starts (ziggurat_constants.h); a normal/exponential draw
# lies beyond them only when it came from the tail path.
ZIGGURAT_NOR_R = 3.6541528853610087963519472518
ZIGGURAT_EXP_R = 7.6971174701310497140446280481

SEEDS = [
    0,
    1,
    42,
    12345,
    2**32 - 1,
    2**32,
    2**64 - 1,
    2**64 + 1,
    2**128 + 3,
    1234567890123456789012345678901234567890,
]
# 2**31 + 1 and 3 * 2**61 make Lemire's rejection loop run often (32- and
# 64-bit); 2**32 is numpy's plain next32 case.
INTEGER_HIGHS = [1, 2, 3, 6, 2**31 - 1, 2**31 + 1, 2**32, 2**32 + 1, 2**40, 3 * 2**61, 2**62]
INTEGER_PAIRS = [
    (-5, 5),
    (-(2**63), 2**63 - 1),
    (-(2**62), 2**62),
    (-(2**62), 2**62 + 1),
    (2**31, 2**32 + 7),
    (-1, 0),
    (100, 2**40),
]
INT8_PAIRS = [(0, 2), (-128, 127), (-3, 4), (5, 6), (-100, 100), (-128, 1)]
UNIFORM_PAIRS = [(-0.05, 0.05), (-1.0, 1.0), (0.0, 10.0), (-2.4, 2.4)]
ZIGGURAT_DRAWS = 20000
RANDOM_DRAWS = 1000
HEAD = 40
WEDGE_SAMPLES = 12
BULK_SEED = 20240817
BULK_DRAWS = 2_000_000


def u64(value):
    return str(int(value) & MASK64)


def f64(value):
    return repr(float(value))


def checksum(words):
    h = 0
    for word in words:
        h = (h * CHECKSUM_MULTIPLIER + int(word)) & MASK64
    return str(h)


def double_checksum(values):
    bits = np.asarray(values, dtype=np.float64).view(np.uint64)
    return checksum(bits.tolist())


def int_checksum(values):
    bits = np.asarray(values, dtype=np.int64).view(np.uint64)
    return checksum(bits.tolist())


def generator(seed):
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))


def pcg_state(bit_generator):
    state = bit_generator.state["state"]
    return state["state"]


def ziggurat_section(seed, draw, tail_start):
    """Draws ZIGGURAT_DRAWS values one by one and records which ones left the
    fast path (they consumed more than one 64-bit word): "tail" when the value
    lies beyond the tail start, which only the tail path returns, else "wedge"
    (a wedge test, possibly followed by fresh candidates)."""
    gen = generator(seed)
    shadow = np.random.PCG64(0)
    values, slow = [], []
    for index in range(ZIGGURAT_DRAWS):
        shadow.state = gen.bit_generator.state
        value = draw(gen)
        words_used = 0
        target = pcg_state(gen.bit_generator)
        while pcg_state(shadow) != target:
            shadow.random_raw()
            words_used += 1
        values.append(value)
        if words_used > 1:
            kind = "tail" if abs(value) >= tail_start else "wedge"
            slow.append([index, f64(value), kind])
    tails = [s for s in slow if s[2] == "tail"]
    wedges = [s for s in slow if s[2] == "wedge"]
    return {
        "count": ZIGGURAT_DRAWS,
        "checksum": double_checksum(values),
        "head": [f64(v) for v in values[:HEAD]],
        "tail_count": len(tails),
        "wedge_count": len(wedges),
        # Every tail draw, but only the first wedge draws: the file must stay small.
        "slow_samples": sorted(tails + wedges[:WEDGE_SAMPLES]),
    }


def per_seed_vectors(seed):
    entry = {"seed": str(seed)}
    entry["words"] = [int(w) for w in _coerce_to_uint32_array(seed)]

    seq = np.random.SeedSequence(seed)
    entry["seed_sequence_u32x8"] = [int(w) for w in seq.generate_state(8, np.uint32)]
    entry["seed_sequence_u64x4"] = [u64(w) for w in seq.generate_state(4, np.uint64)]

    entry["raw"] = [u64(w) for w in np.random.PCG64(seed).random_raw(20)]

    # Pcg64::next32/next64/next_double interleaved through numpy's own C entry
    # points, which share the persistent 32-bit half buffer.
    bits = np.random.PCG64(seed)
    pattern = random.Random(seed).choices("abd", weights=[5, 3, 2], k=60)
    outputs = []
    for op in pattern:
        if op == "a":
            outputs.append(str(bits.ctypes.next_uint32(bits.ctypes.state)))
        elif op == "b":
            outputs.append(u64(bits.ctypes.next_uint64(bits.ctypes.state)))
        else:
            outputs.append(f64(bits.ctypes.next_double(bits.ctypes.state)))
    entry["bit_interleave"] = {"ops": "".join(pattern), "out": outputs}

    # The same buffer seen through Generator: integers(2**31) takes 32 bits,
    # random() takes 64 and must leave a buffered half untouched.
    gen = generator(seed)
    pattern = random.Random(seed + 1).choices("ir", k=60)
    outputs = []
    for op in pattern:
        if op == "i":
            outputs.append(str(int(gen.integers(2**31))))
        else:
            outputs.append(f64(gen.random()))
    entry["generator_interleave"] = {"ops": "".join(pattern), "out": outputs}

    values = generator(seed).random(RANDOM_DRAWS)
    entry["random"] = {
        "count": RANDOM_DRAWS,
        "checksum": double_checksum(values),
        "head": [f64(v) for v in values[:HEAD]],
    }

    gen = generator(seed)
    entry["uniform"] = [f64(gen.uniform(-0.05, 0.05)) for _ in range(100)]

    entry["integers"] = []
    for high in INTEGER_HIGHS:
        gen = generator(seed)
        entry["integers"].append(
            {"high": high, "values": [int(gen.integers(high)) for _ in range(12)]}
        )

    entry["integers_fill"] = [int(v) for v in generator(seed).integers(2**31 - 1, size=5)]

    # Consecutive calls on one generator; each call starts a fresh 8-bit
    # buffer. (-128, 1) rejects about half of its bytes.
    gen = generator(seed)
    entry["int8"] = [
        {"low": low, "high": high,
         "values": [int(v) for v in gen.integers(low, high, size=size, dtype=np.int8)]}
        for low, high, size in [(0, 2, 13)] * 4 + [(-128, 1, 40), (-100, 100, 40), (0, 2, 13)]
    ]

    entry["standard_normal"] = ziggurat_section(
        seed, lambda g: float(g.standard_normal()), ZIGGURAT_NOR_R
    )
    entry["standard_exponential"] = ziggurat_section(
        seed, lambda g: float(g.standard_exponential()), ZIGGURAT_EXP_R
    )

    entry["mixed"] = mixed_sequence(seed)
    return entry


def mixed_sequence(seed):
    """Every draw kind on one generator, so each must leave the stream (and
    the half buffer) exactly as numpy does."""
    gen = generator(seed)
    bits = gen.bit_generator
    chooser = random.Random(1000 + seed)
    ops = []
    for _ in range(150):
        kind = chooser.choice(
            ["random", "uniform", "integers", "integers2", "integers_fill", "int8",
             "normal", "exponential", "next32", "next64"]
        )
        if kind == "random":
            ops.append({"op": kind, "out": [f64(gen.random())]})
        elif kind == "uniform":
            low, high = chooser.choice(UNIFORM_PAIRS)
            ops.append({"op": kind, "args": [f64(low), f64(high)],
                        "out": [f64(gen.uniform(low, high))]})
        elif kind == "integers":
            high = chooser.choice(INTEGER_HIGHS)
            ops.append({"op": kind, "args": [str(high)], "out": [int(gen.integers(high))]})
        elif kind == "integers2":
            low, high = chooser.choice(INTEGER_PAIRS)
            ops.append({"op": kind, "args": [str(low), str(high)],
                        "out": [int(gen.integers(low, high))]})
        elif kind == "integers_fill":
            high = chooser.choice(INTEGER_HIGHS)
            size = chooser.randint(1, 6)
            ops.append({"op": kind, "args": [str(high), str(size)],
                        "out": [int(v) for v in gen.integers(high, size=size)]})
        elif kind == "int8":
            low, high = chooser.choice(INT8_PAIRS)
            size = chooser.randint(1, 9)
            ops.append({"op": kind, "args": [str(low), str(high), str(size)],
                        "out": [int(v) for v in gen.integers(low, high, size=size, dtype=np.int8)]})
        elif kind == "normal":
            ops.append({"op": kind, "out": [f64(gen.standard_normal())]})
        elif kind == "exponential":
            ops.append({"op": kind, "out": [f64(gen.standard_exponential())]})
        elif kind == "next32":
            ops.append({"op": kind, "out": [str(bits.ctypes.next_uint32(bits.ctypes.state))]})
        else:
            ops.append({"op": kind, "out": [u64(bits.random_raw())]})
    return ops


def bulk_vectors():
    """Millions of draws per kind, as checksums only."""
    entries = []

    def add(kind, arg, values, is_double, tail_count=None):
        entry = {"seed": str(BULK_SEED), "kind": kind, "arg": arg, "count": len(values),
                 "checksum": double_checksum(values) if is_double else int_checksum(values)}
        if tail_count is not None:
            entry["tail_count"] = int(tail_count)
        entries.append(entry)

    add("random", "", generator(BULK_SEED).random(BULK_DRAWS), True)
    normals = generator(BULK_SEED).standard_normal(BULK_DRAWS)
    add("standard_normal", "", normals, True, np.count_nonzero(np.abs(normals) >= ZIGGURAT_NOR_R))
    exponentials = generator(BULK_SEED).standard_exponential(BULK_DRAWS)
    add("standard_exponential", "", exponentials, True,
        np.count_nonzero(exponentials >= ZIGGURAT_EXP_R))
    for high in [6, 2**31 - 1, 2**31 + 1, 2**32 + 1, 3 * 2**61, 2**62]:
        add("integers", str(high), generator(BULK_SEED).integers(high, size=BULK_DRAWS), False)
    # MultiBinary-style int8 draws, in calls of 13 with a fresh 8-bit buffer each.
    gen = generator(BULK_SEED)
    int8_values = np.concatenate(
        [gen.integers(0, 2, size=13, dtype=np.int8) for _ in range(BULK_DRAWS // 13 // 4)]
    )
    add("int8_0_2_by_13", "", int8_values.astype(np.int64), False)
    return entries


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.join(here, "..", "data", "rng_vectors.json")
    out_path = sys.argv[1] if len(sys.argv) > 1 else default_out

    seeds = [per_seed_vectors(seed) for seed in SEEDS]
    data = {
        "generator": "tests/tools/make_rng_vectors.py",
        "numpy_version": np.__version__,
        "checksum_multiplier": str(CHECKSUM_MULTIPLIER),
        "seeds": seeds,
        "bulk": bulk_vectors(),
    }
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    with open(out_path, "w") as out:
        json.dump(data, out, separators=(",", ":"))
        out.write("\n")

    for name in ["standard_normal", "standard_exponential"]:
        tails = sum(entry[name]["tail_count"] for entry in seeds)
        wedges = sum(entry[name]["wedge_count"] for entry in seeds)
        print(f"{name}: {len(seeds) * ZIGGURAT_DRAWS} draws, {wedges} wedge tests, "
              f"{tails} through the tail")
    for entry in data["bulk"]:
        print(f"bulk {entry['kind']}({entry['arg']}): {entry['count']} draws"
              + (f", {entry['tail_count']} tail" if "tail_count" in entry else ""))
    print(f"wrote {out_path} ({os.path.getsize(out_path)} bytes)")


if __name__ == "__main__":
    main()
