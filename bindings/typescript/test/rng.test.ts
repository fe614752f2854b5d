// The generator against numpy's own draws (tests/data/rng_vectors.json, written by
// tests/tools/make_rng_vectors.py, which libenv's C++ tests replay too).

import assert from "node:assert/strict";
import { test } from "node:test";

import { Generator, PCG64, SeedSequence } from "../src/rng.js";
import { referenceData } from "./data.js";

interface Draws {
  count: number;
  checksum: string;
  head: string[];
}

interface SeedVectors {
  seed: string;
  seed_sequence_u32x8: number[];
  raw: string[];
  random: Draws;
  uniform: string[];
  integers: { high: number | string; values: number[] }[];
  int8: { low: number; high: number; values: number[] }[];
  standard_normal: Draws;
  standard_exponential: Draws;
  generator_interleave: { ops: string; out: string[] };
}

interface Vectors {
  checksum_multiplier: string;
  seeds: SeedVectors[];
}

const vectors = referenceData<Vectors>("rng_vectors.json");
const MULTIPLIER = BigInt(vectors.checksum_multiplier);
const MASK64 = (1n << 64n) - 1n;

function doubleBits(x: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x, true);
  return view.getBigUint64(0, true);
}

function checksumOf(values: number[]): string {
  let h = 0n;
  for (const v of values) h = (h * MULTIPLIER + doubleBits(v)) & MASK64;
  return h.toString();
}

for (const entry of vectors.seeds) {
  const seed = BigInt(entry.seed);

  test(`SeedSequence and PCG64 words, seed ${entry.seed}`, () => {
    assert.deepEqual(Array.from(new SeedSequence(seed).generateState(8)), entry.seed_sequence_u32x8);
    const bits = new PCG64(new SeedSequence(seed));
    assert.deepEqual(
      entry.raw.map(() => bits.next64().toString()),
      entry.raw,
    );
  });

  test(`random() and the ziggurats, seed ${entry.seed}`, () => {
    const draw = (n: number, f: (g: Generator) => number) => {
      const g = new Generator(seed);
      return Array.from({ length: n }, () => f(g));
    };
    for (const [section, f] of [
      [entry.random, (g: Generator) => g.random()],
      [entry.standard_normal, (g: Generator) => g.standardNormal()],
      [entry.standard_exponential, (g: Generator) => g.standardExponential()],
    ] as const) {
      const values = draw(section.count, f);
      assert.deepEqual(values.slice(0, section.head.length).map(String), section.head.map((v) => String(Number(v))));
      assert.equal(checksumOf(values), section.checksum);
    }
  });

  test(`integers and int8, seed ${entry.seed}`, () => {
    for (const { high, values } of entry.integers) {
      const g = new Generator(seed);
      const got = values.map(() => g.integersBig(0n, BigInt(high)));
      assert.deepEqual(got.map(String), values.map((v) => BigInt(v).toString()), `integers(${high})`);
    }
    // Consecutive calls on one generator, each with a fresh 8-bit buffer.
    const g = new Generator(seed);
    for (const { low, high, values } of entry.int8) {
      assert.deepEqual(Array.from(g.integersInt8(low, high, values.length)), values, `int8 [${low}, ${high})`);
    }
  });

  test(`uniform and 32/64-bit interleaving, seed ${entry.seed}`, () => {
    const g = new Generator(seed);
    assert.deepEqual(
      entry.uniform.map(() => g.uniform(-0.05, 0.05)),
      entry.uniform.map(Number),
    );
    const h = new Generator(seed);
    const ops = entry.generator_interleave.ops.split("");
    assert.deepEqual(
      ops.map((op) => (op === "i" ? String(h.integers(2 ** 31)) : String(h.random()))),
      entry.generator_interleave.out.map((v, i) => (ops[i] === "i" ? v : String(Number(v)))),
    );
  });
}
