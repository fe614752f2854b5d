// Exact comparison of the client's results with fixture values (tests/conformance/README.md):
// floats by their bits (Object.is: -0 is not 0, NaN is NaN), bools are not numbers, NDArrays
// element by element, and the vector format's typed values ({"__ndarray__": dtype, "shape",
// "data"}) with their dtype wherever the result carries one. JavaScript has one number type,
// so an integer and a float of the same value compare equal here.

import { NDArray, type DType, jsonFloat } from "../src/ndarray.js";
import { Box, Dict, Discrete, MultiBinary, MultiDiscrete, type Space, type SpaceDescription as Description, Tuple } from "../src/spaces.js";

const ARRAY_TAG = "__ndarray__";

interface Typed {
  __ndarray__: string;
  shape: number[];
  data: unknown[];
}

export function isTyped(value: unknown): value is Typed {
  return value !== null && typeof value === "object" && ARRAY_TAG in value;
}

function show(value: unknown): string {
  const text = JSON.stringify(value, (_, v) => (typeof v === "bigint" ? `${v}n` : v instanceof NDArray ? v.toList() : v));
  return text === undefined ? String(value) : text.length > 200 ? text.slice(0, 200) + "..." : text;
}

/** A typed fixture value as plain nested lists (object arrays' elements decoded in turn). */
export function untyped(value: unknown): unknown {
  if (isTyped(value)) {
    const data = value.data.map(untyped);
    if (value.shape.length === 0) return data[0];
    let next = 0;
    const build = (axis: number): unknown =>
      axis === value.shape.length ? data[next++] : Array.from({ length: value.shape[axis]! }, () => build(axis + 1));
    return build(0);
  }
  if (Array.isArray(value)) return value.map(untyped);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, untyped(v)]));
  }
  return value;
}

/** A typed fixture array as an NDArray of its dtype (for actions). */
export function typedToNDArray(value: Typed): NDArray {
  return NDArray.fromList(untyped(value), value.__ndarray__ as DType, value.shape);
}

function sameNumber(expected: number | bigint, actual: number | bigint): boolean {
  if (typeof expected === "bigint" || typeof actual === "bigint") return BigInt(expected) === BigInt(actual);
  return Object.is(expected, actual);
}

/** Where `actual` differs from the fixture's `expected`, or undefined if they are equal. */
export function diff(expected: unknown, actual: unknown, path = "$"): string | undefined {
  if (isTyped(expected)) {
    if (actual instanceof NDArray) {
      if (expected.__ndarray__ !== actual.dtype) return `${path}: expected dtype ${expected.__ndarray__}, got ${actual.dtype}`;
      if (show(expected.shape) !== show(actual.shape)) return `${path}: expected shape [${expected.shape}], got [${actual.shape}]`;
    }
    return diff(untyped(expected), actual, path);
  }
  if (actual instanceof NDArray) return diff(expected, actual.toList(), path);
  if (ArrayBuffer.isView(actual) && !(actual instanceof DataView)) return diff(expected, Array.from(actual as unknown as ArrayLike<number>), path);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return `${path}: expected ${show(expected)}, got ${show(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const d = diff(expected[i], actual[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
      return `${path}: expected ${show(expected)}, got ${show(actual)}`;
    }
    const want = Object.keys(expected).sort();
    const got = Object.keys(actual).sort();
    if (show(want) !== show(got)) return `${path}: expected keys ${show(want)}, got ${show(got)}`;
    for (const key of want) {
      const d = diff((expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key], `${path}.${key}`);
      if (d) return d;
    }
    return undefined;
  }
  if (typeof expected === "number" || typeof expected === "bigint") {
    if ((typeof actual === "number" || typeof actual === "bigint") && sameNumber(expected, actual)) return undefined;
    return `${path}: expected ${show(expected)}, got ${show(actual)}`;
  }
  return expected === actual ? undefined : `${path}: expected ${show(expected)}, got ${show(actual)}`;
}

function numbers(value: unknown): number[] {
  const out: number[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else out.push(jsonFloat(v));
  };
  walk(value);
  return out;
}

function sameList(expected: readonly number[], actual: ArrayLike<number>): boolean {
  return expected.length === actual.length && expected.every((v, i) => Object.is(v, actual[i]));
}


/** Where the client's typed space differs from a description, or undefined. */
export function spaceDiff(expected: Description, space: Space, path = "$"): string | undefined {
  const kinds: Record<string, Function> = { Discrete, Box, MultiDiscrete, MultiBinary, Tuple, Dict };
  const kind = kinds[expected.name];
  if (kind === undefined || !(space instanceof kind)) return `${path}: expected a ${expected.name}, got ${space}`;
  const shape = (want: number[] | null | undefined) =>
    want && !sameList(want, space.shape ?? []) ? `${path}: expected shape [${want}], got [${space.shape}]` : undefined;
  if (space instanceof Discrete) {
    if (space.n !== expected.n || space.start !== Number(expected.start ?? 0)) {
      return `${path}: expected Discrete(${expected.n}, start=${expected.start}), got ${space}`;
    }
    return undefined;
  }
  if (space instanceof Box) {
    if (space.dtype !== expected.dtype) return `${path}: expected dtype ${expected.dtype}, got ${space.dtype}`;
    const low = numbers(expected.low);
    const high = numbers(expected.high);
    if (!sameList(low, space.low)) return `${path}.low: expected ${show(low)}, got ${show(Array.from(space.low))}`;
    if (!sameList(high, space.high)) return `${path}.high: expected ${show(high)}, got ${show(Array.from(space.high))}`;
    return shape(expected.shape);
  }
  if (space instanceof MultiDiscrete) {
    if (!sameList(numbers(expected.nvec), space.nvec)) return `${path}.nvec: expected ${show(expected.nvec)}, got ${show(space.nvec)}`;
    if (!sameList(numbers(expected.start), space.start)) return `${path}.start: expected ${show(expected.start)}, got ${show(space.start)}`;
    return shape(expected.shape);
  }
  if (space instanceof MultiBinary) {
    if (space.n !== expected.n) return `${path}: expected n ${expected.n}, got ${space.n}`;
    return shape(expected.shape);
  }
  if (space instanceof Tuple) {
    const children = expected.spaces as Description[];
    if (children.length !== space.spaces.length) return `${path}: expected ${children.length} spaces, got ${space.spaces.length}`;
    for (let i = 0; i < children.length; i++) {
      const d = spaceDiff(children[i]!, space.spaces[i]!, `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (space instanceof Dict) {
    const children = expected.spaces as Record<string, Description>;
    if (show(Object.keys(children)) !== show(Object.keys(space.spaces))) {
      return `${path}: expected keys ${show(Object.keys(children))}, got ${show(Object.keys(space.spaces))}`;
    }
    for (const [key, child] of Object.entries(children)) {
      const d = spaceDiff(child, space.spaces[key]!, `${path}.${key}`);
      if (d) return d;
    }
  }
  return undefined;
}
