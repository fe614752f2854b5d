// Box: bounds with real infinities, gymnasium's sampling (normal, exponential and uniform
// draws per element, then the dtype's cast) and contains with numpy's safe-cast rule.

import { type DType, NDArray, type NestedList, isFloatDType } from "./ndarray.js";
import { Space, type SpaceDescription, numbersOf, sameShape, sizeOf } from "./space.js";

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
