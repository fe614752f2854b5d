package dev.gymcc;

import java.math.BigInteger;
import java.util.Map;

/**
 * One of gymnasium's spaces, rebuilt from the server's description (docs/api.md), with
 * gymnasium's {@code contains} and a seeded {@code sample()} that draws exactly what gymnasium
 * draws for the same seed. Elements: Discrete → Long; Box, MultiDiscrete, MultiBinary →
 * {@link NDArray} of the space's dtype; Tuple → {@code List<Object>}; Dict →
 * {@code Map<String, Object>}. A space's generator is its own (no shared state); use one space
 * from one thread at a time.
 */
public abstract class Space {
  private Generator generator;

  Space() {}

  /** The class name: "Discrete", "Box", ... */
  public abstract String kind();

  /** An element's shape (null for Tuple and Dict). */
  public abstract int[] shape();

  /** An element's dtype (null for Tuple and Dict). */
  public abstract DType dtype();

  /** gymnasium's sample(). */
  public abstract Object sample();

  /** gymnasium's contains(x). */
  public abstract boolean contains(Object x);

  /** The space in the server's description format. */
  public abstract Map<String, Object> describe();

  /** gymnasium's space.seed(seed); null seeds from entropy. */
  public void seed(BigInteger seed) {
    generator = seed == null ? Generator.fromEntropy() : new Generator(seed);
  }

  public final void seed(long seed) {
    seed(BigInteger.valueOf(seed));
  }

  /** The space's generator: seeded by seed(), else from entropy on first use. */
  protected final Generator random() {
    if (generator == null) generator = Generator.fromEntropy();
    return generator;
  }

  /** A space from the server's description (JSON decoded by {@link Json}). */
  public static Space fromDescription(Map<String, Object> description) {
    return Spaces.fromDescription(description);
  }
}
