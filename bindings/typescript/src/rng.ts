// numpy's default random machinery as gymnasium's spaces use it:
// Generator(PCG64(SeedSequence(seed))), draw for draw. Ported from libenv/include/gymcc/rng.hpp
// (itself checked against numpy); every draw consumes exactly the 32/64-bit words numpy's
// consumes, because one divergence shifts every later draw. 128-bit and 64-bit arithmetic
// uses BigInt; sampling a space is not a hot path.

import {
  exponentialLayerDensities,
  exponentialLayerThresholds,
  exponentialLayerWidths,
  normalLayerDensities,
  normalLayerThresholds,
  normalLayerWidths,
} from "./ziggurat.js";

const MASK32 = 0xffffffffn;
const MASK64 = (1n << 64n) - 1n;
const MASK128 = (1n << 128n) - 1n;
const PCG_MULTIPLIER = (2549297995355413924n << 64n) | 4865540595714422341n;

// numpy's ziggurat_nor_r, ziggurat_nor_inv_r and ziggurat_exp_r (their rounded literals).
const NORMAL_TAIL_START = 3.6541528853610087963519472518;
const NORMAL_TAIL_START_INVERSE = 0.27366123732975827203338247596;
const EXPONENTIAL_TAIL_START = 7.6971174701310497140446280481;

/** A seed as numpy takes it: any non-negative integer. */
export type SeedLike = number | bigint;

/** The little-endian uint32 words of a seed (numpy's `_coerce_to_uint32_array`): `[0]` for 0. */
export function seedWords(seed: SeedLike): number[] {
  let value = toSeedBigInt(seed);
  if (value < 0n) throw new RangeError(`Seed must be greater or equal to zero, actual value: ${value}`);
  const words: number[] = [];
  do {
    words.push(Number(value & MASK32));
    value >>= 32n;
  } while (value > 0n);
  return words;
}

function toSeedBigInt(seed: SeedLike): bigint {
  if (typeof seed === "bigint") return seed;
  if (!Number.isSafeInteger(seed)) {
    throw new TypeError(`Seed must be an integer (a bigint beyond 2**53), actual value: ${seed}`);
  }
  return BigInt(seed);
}

// numpy SeedSequence constants (bit_generator.pyx).
const HASH_INIT_A = 0x43b0d7e5;
const HASH_MULT_A = 0x931e8875;
const HASH_INIT_B = 0x8b51f9dd;
const HASH_MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;

/** numpy.random.SeedSequence(entropy) with pool size 4 and no spawn key. */
export class SeedSequence {
  private readonly pool = new Uint32Array(4);

  constructor(seed: SeedLike) {
    const words = seedWords(seed);
    let multiplier = HASH_INIT_A;
    // numpy's hashmix: its multiplier evolves with every call, in numpy's call order.
    const hashmix = (value: number): number => {
      value = (value ^ multiplier) >>> 0;
      multiplier = Math.imul(multiplier, HASH_MULT_A) >>> 0;
      value = Math.imul(value, multiplier) >>> 0;
      return (value ^ (value >>> 16)) >>> 0;
    };
    const mix = (x: number, y: number): number => {
      const result = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
      return (result ^ (result >>> 16)) >>> 0;
    };
    const pool = this.pool;
    for (let i = 0; i < 4; i++) pool[i] = hashmix(i < words.length ? words[i]! : 0);
    for (let src = 0; src < 4; src++) {
      for (let dst = 0; dst < 4; dst++) {
        if (src !== dst) pool[dst] = mix(pool[dst]!, hashmix(pool[src]!));
      }
    }
    for (let src = 4; src < words.length; src++) {
      for (let dst = 0; dst < 4; dst++) pool[dst] = mix(pool[dst]!, hashmix(words[src]!));
    }
  }

  /** numpy `generate_state(n, np.uint32)`. */
  generateState(n: number): Uint32Array {
    const out = new Uint32Array(n);
    let multiplier = HASH_INIT_B;
    for (let i = 0; i < n; i++) {
      let value = (this.pool[i % 4]! ^ multiplier) >>> 0;
      multiplier = Math.imul(multiplier, HASH_MULT_B) >>> 0;
      value = Math.imul(value, multiplier) >>> 0;
      out[i] = (value ^ (value >>> 16)) >>> 0;
    }
    return out;
  }
}

/** numpy.random.PCG64 (XSL-RR 128/64), with the 32-bit half buffer numpy keeps across calls. */
export class PCG64 {
  private state = 0n;
  private readonly increment: bigint;
  private bufferedHalf = 0;
  private hasBufferedHalf = false;

  constructor(seq: SeedSequence) {
    const w = seq.generateState(8);
    const u64 = (i: number) => BigInt(w[2 * i]!) | (BigInt(w[2 * i + 1]!) << 32n);
    const initialState = (u64(0) << 64n) | u64(1);
    const sequence = (u64(2) << 64n) | u64(3);
    this.increment = ((sequence << 1n) | 1n) & MASK128;
    this.step();
    this.state = (this.state + initialState) & MASK128;
    this.step();
  }

  private step(): void {
    this.state = (this.state * PCG_MULTIPLIER + this.increment) & MASK128;
  }

  next64(): bigint {
    this.step();
    const x = (this.state >> 64n) ^ (this.state & MASK64);
    const rotation = this.state >> 122n;
    return ((x >> rotation) | (x << ((64n - rotation) & 63n))) & MASK64;
  }

  /** The low half of a fresh 64-bit word now, its high half on the next call. */
  next32(): number {
    if (this.hasBufferedHalf) {
      this.hasBufferedHalf = false;
      return this.bufferedHalf;
    }
    const word = this.next64();
    this.bufferedHalf = Number(word >> 32n);
    this.hasBufferedHalf = true;
    return Number(word & MASK32);
  }

  nextDouble(): number {
    return Number(this.next64() >> 11n) * 2 ** -53;
  }
}

/** numpy.random.Generator over PCG64: the draws gymnasium's spaces make. */
export class Generator {
  readonly bits: PCG64;

  constructor(seed: SeedLike) {
    this.bits = new PCG64(new SeedSequence(seed));
  }

  /** Seeded from 128 random bits, as `np.random.default_rng()`. */
  static fromEntropy(): Generator {
    const words = new Uint32Array(4);
    const crypto = (globalThis as { crypto?: { getRandomValues(a: Uint32Array): void } }).crypto;
    if (crypto !== undefined) crypto.getRandomValues(words);
    // Node 18 has no global crypto without a flag: unseeded sampling needs no secrecy.
    else for (let i = 0; i < 4; i++) words[i] = Math.floor(Math.random() * 2 ** 32);
    let seed = 0n;
    for (const word of words) seed = (seed << 32n) | BigInt(word);
    return new Generator(seed);
  }

  random(): number {
    return this.bits.nextDouble();
  }

  uniform(low: number, high: number): number {
    const range = high - low;
    if (!Number.isFinite(range)) throw new RangeError("high - low range exceeds valid bounds");
    return low + range * this.random();
  }

  /** `integers(low, high)` with numpy's default int64 dtype, as a bigint in [low, high). */
  integersBig(low: bigint, high: bigint): bigint {
    if (low >= high) throw new RangeError("low >= high");
    // numpy draws on [0, high - 1 - low] and adds low, in wrapping uint64 arithmetic.
    const range = (high - low - 1n) & MASK64;
    return BigInt.asIntN(64, low + this.bounded(range));
  }

  /** `integers(high)` for a `high` of at most 2**53: a number in [0, high). */
  integers(high: number): number {
    return Number(this.integersBig(0n, BigInt(high)));
  }

  private bounded(range: bigint): bigint {
    if (range === 0n) return 0n;
    if (range < MASK32) return BigInt(this.lemire32(Number(range)));
    if (range === MASK32) return BigInt(this.bits.next32());
    if (range === MASK64) return this.bits.next64();
    return this.lemire64(range);
  }

  private lemire32(range: number): number {
    const outcomes = BigInt(range + 1);
    let product = BigInt(this.bits.next32()) * outcomes;
    let leftover = product & MASK32;
    if (leftover < outcomes) {
      const threshold = BigInt((0xffffffff - range) % (range + 1));
      while (leftover < threshold) {
        product = BigInt(this.bits.next32()) * outcomes;
        leftover = product & MASK32;
      }
    }
    return Number(product >> 32n);
  }

  private lemire64(range: bigint): bigint {
    const outcomes = range + 1n;
    let product = this.bits.next64() * outcomes;
    let leftover = product & MASK64;
    if (leftover < outcomes) {
      const threshold = (MASK64 - range) % outcomes;
      while (leftover < threshold) {
        product = this.bits.next64() * outcomes;
        leftover = product & MASK64;
      }
    }
    return product >> 64n;
  }

  /** `integers(low, high, size=n, dtype=np.int8)`: numpy's buffered 8-bit path (a buffer per call). */
  integersInt8(low: number, high: number, n: number): Int8Array {
    const out = new Int8Array(n);
    if (n === 0) return out;
    if (low >= high) throw new RangeError("low >= high");
    const range = (high - 1 - low) & 0xff;
    let buffer = 0;
    let bytesLeft = 0;
    const nextByte = (): number => {
      if (bytesLeft === 0) {
        buffer = this.bits.next32();
        bytesLeft = 3;
      } else {
        buffer >>>= 8;
        bytesLeft--;
      }
      return buffer & 0xff;
    };
    const boundedByte = (): number => {
      if (range === 0) return 0;
      if (range === 0xff) return nextByte();
      const outcomes = range + 1;
      let product = nextByte() * outcomes;
      let leftover = product & 0xff;
      if (leftover < outcomes) {
        const threshold = (0xff - range) % outcomes;
        while (leftover < threshold) {
          product = nextByte() * outcomes;
          leftover = product & 0xff;
        }
      }
      return product >>> 8;
    };
    for (let i = 0; i < n; i++) out[i] = (low + boundedByte()) & 0xff;
    return out;
  }

  /** numpy's 256-layer ziggurat `standard_normal()`. */
  standardNormal(): number {
    for (;;) {
      const word = this.bits.next64();
      const layer = Number(word & 0xffn);
      const magnitude = Number((word >> 9n) & 0x000fffffffffffffn);
      const sign = (word >> 8n) & 1n;
      let x = magnitude * normalLayerWidths[layer]!;
      if (sign) x = -x;
      if (magnitude < normalLayerThresholds[layer]!) return x;
      if (layer === 0) {
        // Marsaglia's tail method; numpy takes the sign from magnitude bit 8.
        for (;;) {
          const xx = -NORMAL_TAIL_START_INVERSE * Math.log1p(-this.random());
          const yy = -Math.log1p(-this.random());
          if (yy + yy > xx * xx) {
            return Math.floor(magnitude / 256) % 2 === 1 ? -(NORMAL_TAIL_START + xx) : NORMAL_TAIL_START + xx;
          }
        }
      }
      const upper = normalLayerDensities[layer - 1]!;
      const lower = normalLayerDensities[layer]!;
      if ((upper - lower) * this.random() + lower < Math.exp(-0.5 * x * x)) return x;
      // Rejected: numpy starts over with a fresh word.
    }
  }

  /** numpy's ziggurat `standard_exponential()`. */
  standardExponential(): number {
    for (;;) {
      const word = this.bits.next64() >> 3n;
      const layer = Number(word & 0xffn);
      const magnitude = Number(word >> 8n);
      const x = magnitude * exponentialLayerWidths[layer]!;
      if (magnitude < exponentialLayerThresholds[layer]!) return x;
      if (layer === 0) return EXPONENTIAL_TAIL_START - Math.log1p(-this.random());
      const upper = exponentialLayerDensities[layer - 1]!;
      const lower = exponentialLayerDensities[layer]!;
      if ((upper - lower) * this.random() + lower < Math.exp(-x)) return x;
    }
  }
}
