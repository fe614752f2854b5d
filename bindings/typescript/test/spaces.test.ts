// Typed spaces: seeded samples against gymnasium's (tests/data/space_samples.json, written by
// tests/tools/make_space_samples.py), descriptions, contains.

import assert from "node:assert/strict";
import { test } from "node:test";

import { NDArray } from "../src/ndarray.js";
import { Box, Discrete, MultiDiscrete, type SpaceDescription, type SpaceValue, spaceFromDescription } from "../src/spaces.js";
import { referenceData } from "./data.js";

interface Samples {
  cases: { name: string; space: SpaceDescription; seeds: { seed: string; samples: unknown[] }[] }[];
}

/** A sample as plain nested values (bigints as numbers where safe), to compare with JSON's. */
function plain(value: SpaceValue): unknown {
  if (value instanceof NDArray) return value.toList();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function normalise(value: unknown): unknown {
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  }
  return value;
}

for (const { name, space: description, seeds } of referenceData<Samples>("space_samples.json").cases) {
  test(`${name}: seeded samples are gymnasium's`, () => {
    const space = spaceFromDescription(description);
    assert.deepEqual(space.describe(), normalise(description));
    for (const { seed, samples } of seeds) {
      space.seed(BigInt(seed));
      const got = samples.map(() => space.sample());
      assert.deepEqual(got.map(plain), normalise(samples), `seed ${seed}`);
      for (const sample of got) assert.ok(space.contains(sample), `${name} contains its sample`);
    }
  });
}

test("Box bounds: the API's infinity strings are real infinities", () => {
  const box = spaceFromDescription({
    name: "Box",
    shape: [2],
    low: [-4.800000190734863, "-Infinity"],
    high: [4.800000190734863, "Infinity"],
    dtype: "float32",
  }) as Box;
  assert.equal(box.low[1]! + 1, -Infinity);
  assert.equal(box.high[1], Infinity);
  assert.ok(box.contains([0, 1e30]));
  assert.ok(!box.contains([5, 0]));
  assert.ok(!box.contains([0]));
  assert.ok(!box.contains(NDArray.fromList([0, 0], "float64")), "a float64 array is not safely cast to float32");
  assert.ok(box.contains(NDArray.fromList([0, 0], "float32")));
  assert.equal(box.toString(), "Box(2,) float32");
});

test("Discrete and MultiDiscrete contains", () => {
  const d = new Discrete(3, -1);
  assert.ok(d.contains(-1) && d.contains(1) && d.contains(1n));
  assert.ok(!d.contains(2) && !d.contains(0.5) && !d.contains(true) && !d.contains("1"));
  const md = new MultiDiscrete([2, 3], [0, 1]);
  assert.ok(md.contains([1, 3]) && !md.contains([1, 4]) && !md.contains([2, 1]) && !md.contains([1]));
});

test("descriptions from MessagePack: Box bounds as ndarrays", () => {
  const low = NDArray.fromList([-1, -Infinity], "float32");
  const high = NDArray.fromList([1, Infinity], "float32");
  const box = spaceFromDescription({ name: "Box", shape: [2], low, high, dtype: "float32" }) as Box;
  assert.deepEqual(Array.from(box.low), [-1, -Infinity]);
  assert.deepEqual(Array.from(box.high), [1, Infinity]);
});
