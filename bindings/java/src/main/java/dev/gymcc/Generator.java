package dev.gymcc;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * numpy's default random machinery as gymnasium's spaces use it:
 * {@code Generator(PCG64(SeedSequence(seed)))}, draw for draw. Ported from
 * libenv/include/gymcc/rng.hpp (itself checked against numpy): every draw consumes exactly the
 * 32/64-bit words numpy's does, because one divergence shifts every later draw. Java never fuses
 * a multiply and an add, so the float arithmetic is numpy's C as written; log1p and exp are
 * StrictMath's (fdlibm), whose results match glibc's on numpy's draws. Not thread-safe.
 */
public final class Generator {
  // numpy SeedSequence constants (bit_generator.pyx).
  private static final int HASH_INIT_A = 0x43b0d7e5;
  private static final int HASH_MULT_A = 0x931e8875;
  private static final int HASH_INIT_B = 0x8b51f9dd;
  private static final int HASH_MULT_B = 0x58f38ded;
  private static final int MIX_MULT_L = 0xca01f9dd;
  private static final int MIX_MULT_R = 0x4973f715;
  // numpy's ziggurat_nor_r, ziggurat_nor_inv_r and ziggurat_exp_r.
  private static final double NORMAL_TAIL_START = 3.6541528853610087963519472518;
  private static final double NORMAL_TAIL_START_INVERSE = 0.27366123732975827203338247596;
  private static final double EXPONENTIAL_TAIL_START = 7.6971174701310497140446280481;
  // PCG64's 128-bit multiplier.
  private static final long MULTIPLIER_HIGH = 2549297995355413924L;
  private static final long MULTIPLIER_LOW = 4865540595714422341L;

  private long stateHigh;
  private long stateLow;
  private final long incHigh;
  private final long incLow;
  private int bufferedHalf;
  private boolean hasBufferedHalf;

  /** Generator(PCG64(SeedSequence(seed))) for a non-negative seed of any size. */
  public Generator(BigInteger seed) {
    int[] w = generateState(seedSequencePool(seed), 8);
    long initialHigh = u64(w, 0);
    long initialLow = u64(w, 1);
    long sequenceHigh = u64(w, 2);
    long sequenceLow = u64(w, 3);
    incHigh = (sequenceHigh << 1) | (sequenceLow >>> 63);
    incLow = (sequenceLow << 1) | 1;
    step();
    long low = stateLow + initialLow;
    stateHigh = stateHigh + initialHigh + (Long.compareUnsigned(low, stateLow) < 0 ? 1 : 0);
    stateLow = low;
    step();
  }

  public Generator(long seed) {
    this(BigInteger.valueOf(seed));
  }

  /** Seeded from 128 random bits, as np.random.default_rng(). */
  public static Generator fromEntropy() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return new Generator(new BigInteger(1, bytes));
  }

  private static long u64(int[] w, int i) {
    return (w[2 * i] & 0xffffffffL) | ((long) w[2 * i + 1] << 32);
  }

  /** The seed's little-endian uint32 words, as numpy's _coerce_to_uint32_array. */
  static int[] seedWords(BigInteger seed) {
    if (seed.signum() < 0) {
      throw new IllegalArgumentException("Seed must be greater or equal to zero, actual value: " + seed);
    }
    int n = Math.max(1, (seed.bitLength() + 31) / 32);
    int[] words = new int[n];
    for (int i = 0; i < n; i++) words[i] = seed.shiftRight(32 * i).intValue();
    return words;
  }

  /** numpy.random.SeedSequence(seed)'s pool (size 4, no spawn key). */
  static int[] seedSequencePool(BigInteger seed) {
    int[] words = seedWords(seed);
    int[] multiplier = {HASH_INIT_A};
    int[] pool = new int[4];
    for (int i = 0; i < 4; i++) pool[i] = hashmix(i < words.length ? words[i] : 0, multiplier);
    for (int src = 0; src < 4; src++) {
      for (int dst = 0; dst < 4; dst++) {
        if (src != dst) pool[dst] = mix(pool[dst], hashmix(pool[src], multiplier));
      }
    }
    for (int src = 4; src < words.length; src++) {
      for (int dst = 0; dst < 4; dst++) pool[dst] = mix(pool[dst], hashmix(words[src], multiplier));
    }
    return pool;
  }

  // numpy's hashmix: its multiplier evolves with every call, in numpy's call order.
  private static int hashmix(int value, int[] multiplier) {
    value ^= multiplier[0];
    multiplier[0] *= HASH_MULT_A;
    value *= multiplier[0];
    return value ^ (value >>> 16);
  }

  private static int mix(int x, int y) {
    int result = MIX_MULT_L * x - MIX_MULT_R * y;
    return result ^ (result >>> 16);
  }

  /** numpy's SeedSequence.generate_state(n, np.uint32) for a pool. */
  static int[] generateState(int[] pool, int n) {
    int[] out = new int[n];
    int multiplier = HASH_INIT_B;
    for (int i = 0; i < n; i++) {
      int value = pool[i % 4] ^ multiplier;
      multiplier *= HASH_MULT_B;
      value *= multiplier;
      out[i] = value ^ (value >>> 16);
    }
    return out;
  }

  private static long unsignedMultiplyHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  private void step() {
    // state = state * multiplier + increment (mod 2**128)
    long high = unsignedMultiplyHigh(stateLow, MULTIPLIER_LOW)
        + stateHigh * MULTIPLIER_LOW + stateLow * MULTIPLIER_HIGH;
    long low = stateLow * MULTIPLIER_LOW;
    long sumLow = low + incLow;
    stateHigh = high + incHigh + (Long.compareUnsigned(sumLow, low) < 0 ? 1 : 0);
    stateLow = sumLow;
  }

  /** A 64-bit draw (as unsigned bits): the output of the next state. */
  public long next64() {
    step();
    return Long.rotateRight(stateHigh ^ stateLow, (int) (stateHigh >>> 58));
  }

  /** The low half of a fresh 64-bit word, then its high half on the next call. */
  public int next32() {
    if (hasBufferedHalf) {
      hasBufferedHalf = false;
      return bufferedHalf;
    }
    long word = next64();
    bufferedHalf = (int) (word >>> 32);
    hasBufferedHalf = true;
    return (int) word;
  }

  /** numpy's random(): a double in [0, 1) from 53 bits. */
  public double random() {
    return (next64() >>> 11) * (1.0 / (1L << 53));
  }

  /** numpy's uniform(low, high): low + (high - low) * random(). */
  public double uniform(double low, double high) {
    double range = high - low;
    if (Double.isInfinite(range) || Double.isNaN(range)) {
      throw new IllegalArgumentException("gymcc: uniform: high - low range exceeds valid bounds");
    }
    return low + range * random();
  }

  /** numpy's integers(low, high) with the default int64 dtype: [low, high). */
  public long integers(long low, long high) {
    if (low >= high) throw new IllegalArgumentException("gymcc: integers: low >= high");
    // numpy draws on [0, high - 1 - low] and adds low, in wrapping uint64 arithmetic.
    return low + bounded(high - low - 1);
  }

  private long bounded(long range) {
    if (range == 0) return 0;
    if (Long.compareUnsigned(range, 0xffffffffL) < 0) return lemire32((int) range) & 0xffffffffL;
    if (range == 0xffffffffL) return next32() & 0xffffffffL;
    if (range == -1L) return next64();
    return lemire64(range);
  }

  private int lemire32(int range) {
    long outcomes = (range & 0xffffffffL) + 1;
    long product = (next32() & 0xffffffffL) * outcomes;
    long leftover = product & 0xffffffffL;
    if (leftover < outcomes) {
      long threshold = (0xffffffffL - (range & 0xffffffffL)) % outcomes;
      while (leftover < threshold) {
        product = (next32() & 0xffffffffL) * outcomes;
        leftover = product & 0xffffffffL;
      }
    }
    return (int) (product >>> 32);
  }

  private long lemire64(long range) {
    long outcomes = range + 1;
    long word = next64();
    long high = unsignedMultiplyHigh(word, outcomes);
    long leftover = word * outcomes;
    if (Long.compareUnsigned(leftover, outcomes) < 0) {
      long threshold = Long.remainderUnsigned(-1L - range, outcomes);
      while (Long.compareUnsigned(leftover, threshold) < 0) {
        word = next64();
        high = unsignedMultiplyHigh(word, outcomes);
        leftover = word * outcomes;
      }
    }
    return high;
  }

  /**
   * numpy's integers(low, high, size=n, dtype=np.int8): the buffered 8-bit path, with a buffer
   * local to the call.
   */
  public byte[] integersInt8(byte low, byte high, int n) {
    byte[] out = new byte[n];
    if (n == 0) return out;
    if (low >= high) throw new IllegalArgumentException("gymcc: integers: low >= high");
    int range = (high - 1 - low) & 0xff;
    int buffer = 0;
    int bytesLeft = 0;
    for (int i = 0; i < n; i++) {
      int value;
      if (range == 0) {
        value = 0;
      } else {
        int outcomes = range + 1;
        int product;
        int leftover;
        int threshold = -1;
        while (true) {
          if (bytesLeft == 0) {
            buffer = next32();
            bytesLeft = 3;
          } else {
            buffer >>>= 8;
            bytesLeft--;
          }
          int drawn = buffer & 0xff;
          if (range == 0xff) {
            product = drawn << 8;
            break;
          }
          product = drawn * outcomes;
          leftover = product & 0xff;
          if (leftover >= outcomes) break;
          if (threshold < 0) threshold = (0xff - range) % outcomes;
          if (leftover >= threshold) break;
        }
        value = product >>> 8;
      }
      out[i] = (byte) (low + value);
    }
    return out;
  }

  /** numpy's 256-layer ziggurat standard_normal(). */
  public double standardNormal() {
    while (true) {
      long word = next64();
      int layer = (int) (word & 0xff);
      long magnitude = (word >>> 9) & 0x000fffffffffffffL;
      double x = magnitude * Ziggurat.NORMAL_LAYER_WIDTHS[layer];
      if (((word >>> 8) & 1) == 1) x = -x;
      if (magnitude < Ziggurat.NORMAL_LAYER_THRESHOLDS[layer]) return x;
      if (layer == 0) {
        // Marsaglia's tail method; numpy takes the sign from magnitude bit 8.
        while (true) {
          double xx = -NORMAL_TAIL_START_INVERSE * StrictMath.log1p(-random());
          double yy = -StrictMath.log1p(-random());
          if (yy + yy > xx * xx) {
            return ((magnitude >>> 8) & 1) == 1 ? -(NORMAL_TAIL_START + xx) : NORMAL_TAIL_START + xx;
          }
        }
      }
      double upper = Ziggurat.NORMAL_LAYER_DENSITIES[layer - 1];
      double lower = Ziggurat.NORMAL_LAYER_DENSITIES[layer];
      if ((upper - lower) * random() + lower < StrictMath.exp(-0.5 * x * x)) return x;
      // Rejected: numpy starts over with a fresh word.
    }
  }

  /** numpy's ziggurat standard_exponential(). */
  public double standardExponential() {
    while (true) {
      long word = next64() >>> 3;
      int layer = (int) (word & 0xff);
      long magnitude = word >>> 8;
      double x = magnitude * Ziggurat.EXPONENTIAL_LAYER_WIDTHS[layer];
      if (magnitude < Ziggurat.EXPONENTIAL_LAYER_THRESHOLDS[layer]) return x;
      if (layer == 0) return EXPONENTIAL_TAIL_START - StrictMath.log1p(-random());
      double upper = Ziggurat.EXPONENTIAL_LAYER_DENSITIES[layer - 1];
      double lower = Ziggurat.EXPONENTIAL_LAYER_DENSITIES[layer];
      if ((upper - lower) * random() + lower < StrictMath.exp(-x)) return x;
    }
  }
}
