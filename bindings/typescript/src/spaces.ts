// gymnasium's spaces, rebuilt from the server's space descriptions (docs/api.md), with
// gymnasium's contains() and a seeded sample() that draws exactly what gymnasium draws for
// the same seed (rng.ts). Box bounds are real numbers: the API's "Infinity"/"-Infinity"
// strings (JSON) and IEEE infinities (MessagePack ndarrays) both become ±Infinity.

import { type DType, NDArray, type NestedList, isDType, isFloatDType, jsonFloat } from "./ndarray.js";
import { Generator, type SeedLike } from "./rng.js";

/** A space description as the server sends it (`GET .../action_space/`, the `spaces` op). */
export interface SpaceDescription {
  name: string;
  n?: number;
  shape?: number[] | null;
  low?: unknown;
  high?: unknown;
  dtype?: string;
  start?: unknown;
  nvec?: unknown;
  spaces?: SpaceDescription[] | Record<string, SpaceDescription>;
}

/** What a space holds: Discrete → number; Box, MultiDiscrete, MultiBinary → NDArray; Tuple → array; Dict → object. */
export type SpaceValue = number | NDArray | SpaceValue[] | { [key: string]: SpaceValue };

/** Base of every space: a shape, a dtype, seeding and sampling. */
export abstract class Space<T extends SpaceValue = SpaceValue> {
  abstract readonly kind: "Discrete" | "Box" | "MultiDiscrete" | "MultiBinary" | "Tuple" | "Dict";
  private generator: Generator | undefined;

  protected constructor(
    /** The shape of an element (null for Tuple and Dict, as in gymnasium). */
    readonly shape: readonly number[] | null,
    /** The dtype of an element (null for Tuple and Dict). */
    readonly dtype: DType | null,
  ) {}

  /** The space's generator, seeded from entropy on first use unless `seed()` was called. */
  get npRandom(): Generator {
    this.generator ??= Generator.fromEntropy();
    return this.generator;
  }

  /**
   * Seeds the space's generator as `space.seed(seed)` does in gymnasium: the same seed makes
   * `sample()` return what gymnasium's space returns. Without a seed, from entropy.
   */
  seed(seed?: SeedLike | null): void {
    this.generator = seed === undefined || seed === null ? Generator.fromEntropy() : new Generator(seed);
  }

  /** A random element, drawn as gymnasium draws it. */
  abstract sample(): T;

  /** Whether `x` is an element of the space (gymnasium's `contains`). */
  abstract contains(x: unknown): boolean;

  /** The space in the server's description format. */
  abstract describe(): SpaceDescription;

  toJSON(): SpaceDescription {
    return this.describe();
  }
}

function checkInteger(value: number, what: string): number {
  if (!Number.isSafeInteger(value)) throw new TypeError(`${what} must be an integer, got ${value}`);
  return value;
}

/** Whether `x` is an integer (a number, a bigint or a 0-d integer NDArray) — booleans are not. */
function integerValue(x: unknown): number | undefined {
  if (typeof x === "number") return Number.isInteger(x) ? x : undefined;
  if (typeof x === "bigint") return Number(x);
  if (x instanceof NDArray && x.ndim === 0 && !isFloatDType(x.dtype) && x.dtype !== "bool") return Number(x.data[0]);
  return undefined;
}

/** {start, ..., start + n - 1}: gymnasium's `Discrete(n, start)`. */
export class Discrete extends Space<number> {
  readonly kind = "Discrete" as const;

  constructor(
    readonly n: number,
    readonly start = 0,
  ) {
    super([], "int64");
    checkInteger(n, "Discrete n");
    checkInteger(start, "Discrete start");
    if (n < 1) throw new RangeError(`Discrete n must be positive, got ${n}`);
  }

  sample(): number {
    return this.start + this.npRandom.integers(this.n);
  }

  contains(x: unknown): boolean {
    const v = integerValue(x);
    return v !== undefined && v >= this.start && v < this.start + this.n;
  }

  describe(): SpaceDescription {
    return { name: "Discrete", n: this.n, shape: [], start: this.start, dtype: "int64" };
  }

  override toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }
}

/** The numbers of a value in C order: an NDArray's elements, or a nested list's (strings for ±inf/NaN). */
function flatNumbers(value: unknown): number[] {
  if (value instanceof NDArray) return value.toNumbers();
  const out: number[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else out.push(jsonFloat(v));
  };
  walk(value);
  return out;
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

const INTEGER_RANGES: Partial<Record<DType, [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  int64: [-9223372036854775808, 9223372036854775807],
  uint64: [0, 18446744073709551615],
};

// numpy's safe casts (np.can_cast) between the dtypes the API has.
const SAFE_CASTS: Record<DType, readonly DType[]> = {
  bool: ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float32", "float64"],
  int8: ["int8", "int16", "int32", "int64", "float32", "float64"],
  uint8: ["uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float32", "float64"],
  int16: ["int16", "int32", "int64", "float32", "float64"],
  uint16: ["uint16", "int32", "uint32", "int64", "uint64", "float32", "float64"],
  int32: ["int32", "int64", "float64"],
  uint32: ["uint32", "int64", "uint64", "float64"],
  int64: ["int64", "float64"],
  uint64: ["uint64", "float64"],
  float32: ["float32", "float64"],
  float64: ["float64"],
};

/** Elements of a value as numbers, with its shape; undefined if it is not a (nested) list of numbers. */
function numbersOf(x: unknown): { shape: number[]; values: number[]; dtype?: DType } | undefined {
  if (x instanceof NDArray) return { shape: [...x.shape], values: x.toNumbers(), dtype: x.dtype };
  if (typeof x === "number") return { shape: [], values: [x] };
  if (!Array.isArray(x)) return undefined;
  try {
    const array = NDArray.fromList(x, "float64");
    return { shape: [...array.shape], values: Array.from(array.data) };
  } catch {
    return undefined;
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** A box in R^n: gymnasium's `Box(low, high, shape, dtype)`. Bounds are flat, in C order. */
export class Box extends Space<NDArray> {
  readonly kind = "Box" as const;
  declare readonly shape: readonly number[];
  declare readonly dtype: DType;
  /** Lower bounds, one per element in C order (-Infinity where unbounded). */
  readonly low: Float64Array;
  /** Upper bounds, one per element in C order (Infinity where unbounded). */
  readonly high: Float64Array;

  constructor(low: ArrayLike<number> | number, high: ArrayLike<number> | number, shape: readonly number[], dtype: DType = "float32") {
    super(shape, dtype);
    const size = sizeOf(shape);
    const bounds = (b: ArrayLike<number> | number, what: string): Float64Array => {
      const out = typeof b === "number" ? new Float64Array(size).fill(b) : Float64Array.from(b);
      if (out.length !== size) throw new RangeError(`Box ${what} has ${out.length} values for shape [${shape}]`);
      return out;
    };
    this.low = bounds(low, "low");
    this.high = bounds(high, "high");
  }

  /** Whether dimension `i` (flat) has a finite lower / upper bound. */
  boundedBelow(i: number): boolean {
    return this.low[i]! > -Infinity;
  }

  boundedAbove(i: number): boolean {
    return this.high[i]! < Infinity;
  }

  sample(): NDArray {
    // gymnasium draws normals for unbounded dims, then exponentials for low-bounded, then
    // for high-bounded, then uniforms for bounded ones — each group in C order — in float64,
    // then casts to the dtype.
    const g = this.npRandom;
    const size = this.low.length;
    const integral = !isFloatDType(this.dtype);
    const upper = (i: number) => (integral ? this.high[i]! + 1 : this.high[i]!);
    const sample = new Float64Array(size);
    for (let i = 0; i < size; i++) if (!this.boundedBelow(i) && !this.boundedAbove(i)) sample[i] = g.standardNormal();
    for (let i = 0; i < size; i++) {
      if (this.boundedBelow(i) && !this.boundedAbove(i)) sample[i] = g.standardExponential() + this.low[i]!;
    }
    for (let i = 0; i < size; i++) {
      if (!this.boundedBelow(i) && this.boundedAbove(i)) sample[i] = -g.standardExponential() + upper(i);
    }
    for (let i = 0; i < size; i++) {
      if (this.boundedBelow(i) && this.boundedAbove(i)) sample[i] = g.uniform(this.low[i]!, upper(i));
    }
    const out = new NDArray(this.dtype, this.shape);
    const data = out.data as unknown as { [i: number]: number | bigint };
    if (!integral) {
      for (let i = 0; i < size; i++) data[i] = sample[i]!; // the typed array rounds (float32)
      return out;
    }
    let [min, max] = INTEGER_RANGES[this.dtype] ?? [0, 1];
    if (this.dtype === "int64") {
      // gymnasium narrows int64 by 2 each side (in float64, where that rounds back).
      min += 2;
      max -= 2;
    }
    for (let i = 0; i < size; i++) {
      let v = Math.min(Math.max(Math.floor(sample[i]!), min), max);
      if (this.dtype === "int64") v = Math.min(Math.max(v, this.low[i]!), this.high[i]!);
      data[i] = this.dtype === "int64" || this.dtype === "uint64" ? BigInt(v) : v;
    }
    return out;
  }

  contains(x: unknown): boolean {
    const numbers = numbersOf(x);
    if (!numbers || !sameShape(numbers.shape, this.shape)) return false;
    if (numbers.dtype !== undefined && !SAFE_CASTS[numbers.dtype].includes(this.dtype)) return false;
    const integral = !isFloatDType(this.dtype);
    return numbers.values.every((v, i) => (!integral || Number.isInteger(v)) && v >= this.low[i]! && v <= this.high[i]!);
  }

  describe(): SpaceDescription {
    const bound = (b: Float64Array): NestedList => {
      const list = new NDArray("float64", this.shape, Float64Array.from(b)).toList();
      const strings = (v: NestedList): unknown =>
        Array.isArray(v) ? v.map(strings) : typeof v === "number" && !Number.isFinite(v) ? String(v) : v;
      return strings(list) as NestedList;
    };
    return { name: "Box", shape: [...this.shape], low: bound(this.low), high: bound(this.high), dtype: this.dtype };
  }

  override toString(): string {
    return `Box(${this.shape.length === 1 ? `${this.shape[0]},` : this.shape.join(", ")}) ${this.dtype}`;
  }
}

/** gymnasium's `MultiDiscrete(nvec, start)`: element i in {start[i], ..., start[i] + nvec[i] - 1}. */
export class MultiDiscrete extends Space<NDArray> {
  readonly kind = "MultiDiscrete" as const;
  declare readonly shape: readonly number[];
  readonly nvec: readonly number[];
  readonly start: readonly number[];

  constructor(nvec: readonly number[], start?: readonly number[], shape?: readonly number[]) {
    super(shape ?? [nvec.length], "int64");
    if (sizeOf(this.shape) !== nvec.length) throw new RangeError(`MultiDiscrete nvec does not fill shape [${this.shape}]`);
    this.nvec = Object.freeze(nvec.map((n) => checkInteger(n, "MultiDiscrete nvec")));
    this.start = Object.freeze((start ?? nvec.map(() => 0)).map((s) => checkInteger(s, "MultiDiscrete start")));
    if (this.start.length !== nvec.length) throw new RangeError("MultiDiscrete start and nvec differ in length");
  }

  sample(): NDArray<"int64"> {
    // (random(shape) * nvec).astype(int64) + start: all the draws first, in C order.
    const g = this.npRandom;
    const draws = this.nvec.map(() => g.random());
    const out = new NDArray("int64", this.shape);
    draws.forEach((r, i) => {
      out.data[i] = BigInt(Math.trunc(r * this.nvec[i]!)) + BigInt(this.start[i]!);
    });
    return out;
  }

  contains(x: unknown): boolean {
    const numbers = numbersOf(x);
    if (!numbers || !sameShape(numbers.shape, this.shape)) return false;
    if (numbers.dtype !== undefined && (isFloatDType(numbers.dtype) || numbers.dtype === "bool")) return false;
    return numbers.values.every(
      (v, i) => Number.isInteger(v) && v >= this.start[i]! && v < this.start[i]! + this.nvec[i]!,
    );
  }

  describe(): SpaceDescription {
    return { name: "MultiDiscrete", shape: [...this.shape], nvec: [...this.nvec], start: [...this.start], dtype: "int64" };
  }

  override toString(): string {
    return `MultiDiscrete([${this.nvec.join(" ")}])`;
  }
}

/** gymnasium's `MultiBinary(n)`: arrays of 0s and 1s (int8). */
export class MultiBinary extends Space<NDArray> {
  readonly kind = "MultiBinary" as const;
  declare readonly shape: readonly number[];

  constructor(n: number | readonly number[]) {
    super(typeof n === "number" ? [n] : n, "int8");
    this.shape.forEach((d) => checkInteger(d, "MultiBinary n"));
  }

  /** The number of elements. */
  get n(): number {
    return sizeOf(this.shape);
  }

  sample(): NDArray<"int8"> {
    return new NDArray("int8", this.shape, this.npRandom.integersInt8(0, 2, this.n));
  }

  contains(x: unknown): boolean {
    const numbers = numbersOf(x);
    if (!numbers || !sameShape(numbers.shape, this.shape)) return false;
    return numbers.values.every((v) => v === 0 || v === 1);
  }

  describe(): SpaceDescription {
    return { name: "MultiBinary", n: this.n, shape: [...this.shape], dtype: "int8" };
  }

  override toString(): string {
    return `MultiBinary(${this.shape.length === 1 ? this.shape[0] : `[${this.shape}]`})`;
  }
}

// gymnasium seeds a composite space's children with integers(2**31 - 1, size=k) of its own generator.
const SUBSEED_BOUND = 2 ** 31 - 1;

/** gymnasium's `Tuple(spaces)`: arrays with one element of each space. */
export class Tuple extends Space<SpaceValue[]> {
  readonly kind = "Tuple" as const;

  constructor(readonly spaces: readonly Space[]) {
    super(null, null);
  }

  override seed(seed?: SeedLike | null): void {
    super.seed(seed);
    if (seed === undefined || seed === null) {
      this.spaces.forEach((s) => s.seed());
      return;
    }
    const subseeds = this.spaces.map(() => this.npRandom.integers(SUBSEED_BOUND));
    this.spaces.forEach((s, i) => s.seed(subseeds[i]!));
  }

  sample(): SpaceValue[] {
    return this.spaces.map((s) => s.sample());
  }

  contains(x: unknown): boolean {
    return Array.isArray(x) && x.length === this.spaces.length && this.spaces.every((s, i) => s.contains(x[i]));
  }

  describe(): SpaceDescription {
    return { name: "Tuple", shape: null, spaces: this.spaces.map((s) => s.describe()) };
  }

  override toString(): string {
    return `Tuple(${this.spaces.map(String).join(", ")})`;
  }
}

/** gymnasium's `Dict(spaces)`: objects with one element of each space, keys in the space's order. */
export class Dict extends Space<{ [key: string]: SpaceValue }> {
  readonly kind = "Dict" as const;
  readonly spaces: Readonly<Record<string, Space>>;

  constructor(spaces: Record<string, Space>) {
    super(null, null);
    this.spaces = Object.freeze({ ...spaces });
  }

  override seed(seed?: SeedLike | null): void {
    super.seed(seed);
    const children = Object.values(this.spaces);
    if (seed === undefined || seed === null) {
      children.forEach((s) => s.seed());
      return;
    }
    const subseeds = children.map(() => this.npRandom.integers(SUBSEED_BOUND));
    children.forEach((s, i) => s.seed(subseeds[i]!));
  }

  sample(): { [key: string]: SpaceValue } {
    const out: { [key: string]: SpaceValue } = {};
    for (const [key, space] of Object.entries(this.spaces)) out[key] = space.sample();
    return out;
  }

  contains(x: unknown): boolean {
    if (x === null || typeof x !== "object" || Array.isArray(x) || x instanceof NDArray) return false;
    const keys = Object.keys(x);
    const mine = Object.keys(this.spaces);
    return (
      keys.length === mine.length &&
      mine.every((k) => Object.prototype.hasOwnProperty.call(x, k) && this.spaces[k]!.contains((x as Record<string, unknown>)[k]))
    );
  }

  describe(): SpaceDescription {
    const spaces: Record<string, SpaceDescription> = {};
    for (const [key, space] of Object.entries(this.spaces)) spaces[key] = space.describe();
    return { name: "Dict", shape: null, spaces };
  }

  override toString(): string {
    return `Dict(${Object.entries(this.spaces)
      .map(([k, s]) => `'${k}': ${s}`)
      .join(", ")})`;
  }
}

/** The typed space a server description describes (JSON or MessagePack). */
export function spaceFromDescription(description: SpaceDescription): Space {
  const { name } = description;
  const shape = Array.isArray(description.shape) ? description.shape.map(Number) : undefined;
  const need = <K extends keyof SpaceDescription>(key: K): NonNullable<SpaceDescription[K]> => {
    const v = description[key];
    if (v === undefined || v === null) throw new TypeError(`a ${name} space description needs "${key}"`);
    return v as NonNullable<SpaceDescription[K]>;
  };
  switch (name) {
    case "Discrete":
      return new Discrete(Number(need("n")), description.start === undefined ? 0 : Number(description.start));
    case "Box": {
      const dtype = description.dtype ?? "float32";
      if (!isDType(dtype)) throw new TypeError(`unknown Box dtype ${dtype}`);
      return new Box(flatNumbers(need("low")), flatNumbers(need("high")), shape ?? [], dtype);
    }
    case "MultiDiscrete": {
      const nvec = flatNumbers(need("nvec"));
      const start = description.start === undefined || description.start === null ? undefined : flatNumbers(description.start);
      return new MultiDiscrete(nvec, start, shape ?? [nvec.length]);
    }
    case "MultiBinary":
      return new MultiBinary(shape && shape.length > 0 ? shape : [Number(need("n"))]);
    case "Tuple": {
      const spaces = need("spaces");
      if (!Array.isArray(spaces)) throw new TypeError("a Tuple space description needs a list of spaces");
      return new Tuple(spaces.map(spaceFromDescription));
    }
    case "Dict": {
      const spaces = need("spaces");
      if (Array.isArray(spaces)) throw new TypeError("a Dict space description needs an object of spaces");
      const children: Record<string, Space> = {};
      for (const [key, child] of Object.entries(spaces)) children[key] = spaceFromDescription(child);
      return new Dict(children);
    }
    default:
      throw new TypeError(`unsupported space ${JSON.stringify(name)}`);
  }
}
