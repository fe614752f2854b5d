package dev.gymcc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** gymnasium's Discrete(n, start): {start, ..., start + n - 1}. */
public final class Discrete extends Space {
  private final long n;
  private final long start;

  public Discrete(long n, long start) {
    this.n = n;
    this.start = start;
  }

  public long n() {
    return n;
  }

  public long start() {
    return start;
  }

  @Override
  public String kind() {
    return "Discrete";
  }

  @Override
  public int[] shape() {
    return new int[0];
  }

  @Override
  public DType dtype() {
    return DType.INT64;
  }

  /** start + integers(n). */
  @Override
  public Long sample() {
    return start + random().integers(0, n);
  }

  /** An integer (Long, Integer, BigInteger, a 0-d integer NDArray) in range; bools are not. */
  @Override
  public boolean contains(Object x) {
    Long v = Spaces.integerValue(x);
    return v != null && v >= start && v < start + n;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", "Discrete");
    out.put("n", n);
    out.put("shape", List.of());
    out.put("start", start);
    out.put("dtype", "int64");
    return out;
  }

  @Override
  public String toString() {
    return start == 0 ? "Discrete(" + n + ")" : "Discrete(" + n + ", start=" + start + ")";
  }
}
