// gymnasium's spaces, rebuilt from the server's space descriptions (docs/api.md), with
// gymnasium's contains() and a seeded sample() that draws exactly what gymnasium draws for
// the same seed (rng.ts). Box bounds are real numbers: the API's "Infinity"/"-Infinity"
// strings (JSON) and IEEE infinities (MessagePack ndarrays) both become ±Infinity.

import { NDArray, isDType, isFloatDType } from "./ndarray.js";
import type { SeedLike } from "./rng.js";
import { Box } from "./box.js";
import { Space, type SpaceDescription, type SpaceValue, checkInteger, flatNumbers, numbersOf, sameShape, sizeOf } from "./space.js";

export { Box, Space, type SpaceDescription, type SpaceValue };

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
