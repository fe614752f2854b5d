// The base of every space (seeding, sampling, descriptions) and the helpers the spaces share.

import { type DType, NDArray, jsonFloat } from "./ndarray.js";
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

export function checkInteger(value: number, what: string): number {
  if (!Number.isSafeInteger(value)) throw new TypeError(`${what} must be an integer, got ${value}`);
  return value;
}

/** The numbers of a value in C order: an NDArray's elements, or a nested list's (strings for ±inf/NaN). */
export function flatNumbers(value: unknown): number[] {
  if (value instanceof NDArray) return value.toNumbers();
  const out: number[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else out.push(jsonFloat(v));
  };
  walk(value);
  return out;
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Elements of a value as numbers, with its shape; undefined if it is not a (nested) list of numbers. */
export function numbersOf(x: unknown): { shape: number[]; values: number[]; dtype?: DType } | undefined {
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

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
