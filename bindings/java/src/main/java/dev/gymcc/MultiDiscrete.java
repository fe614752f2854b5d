package dev.gymcc;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** gymnasium's MultiDiscrete(nvec, start): element i in {start[i], ..., start[i] + nvec[i] - 1}. */
public final class MultiDiscrete extends Space {
  private final long[] nvec;
  private final long[] start;
  private final int[] shape;

  /** MultiDiscrete(nvec, start) of a shape (null start: zeros; null shape: one dimension). */
  public MultiDiscrete(long[] nvec, long[] start, int[] shape) {
    this.nvec = nvec.clone();
    this.start = start == null ? new long[nvec.length] : start.clone();
    this.shape = shape == null ? new int[] {nvec.length} : shape.clone();
    if (NDArray.sizeOf(this.shape) != nvec.length || this.start.length != nvec.length) {
      throw new IllegalArgumentException("gymcc: MultiDiscrete nvec " + Arrays.toString(nvec) + " and start "
          + Arrays.toString(this.start) + " do not fill shape " + Arrays.toString(this.shape));
    }
  }

  public long[] nvec() {
    return nvec.clone();
  }

  public long[] start() {
    return start.clone();
  }

  @Override
  public String kind() {
    return "MultiDiscrete";
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public DType dtype() {
    return DType.INT64;
  }

  /** (random(shape) * nvec).astype(int64) + start: all the draws first, in C order. */
  @Override
  public NDArray sample() {
    Generator g = random();
    double[] draws = new double[nvec.length];
    for (int i = 0; i < draws.length; i++) draws[i] = g.random();
    long[] out = new long[nvec.length];
    for (int i = 0; i < out.length; i++) out[i] = (long) (draws[i] * (double) nvec[i]) + start[i];
    return NDArray.ofLongs(DType.INT64, shape, out);
  }

  @Override
  public boolean contains(Object x) {
    Spaces.Numbers numbers = Spaces.numbersOf(x);
    if (numbers == null || !Arrays.equals(numbers.shape(), shape)) return false;
    if (numbers.dtype() != null && (numbers.dtype().isFloat() || numbers.dtype() == DType.BOOL)) return false;
    double[] values = numbers.values();
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (v != Math.rint(v) || v < start[i] || v >= start[i] + nvec[i]) return false;
    }
    return true;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", "MultiDiscrete");
    out.put("shape", Arrays.stream(shape).boxed().collect(Collectors.toList()));
    out.put("nvec", Arrays.stream(nvec).boxed().collect(Collectors.toList()));
    out.put("start", Arrays.stream(start).boxed().collect(Collectors.toList()));
    out.put("dtype", "int64");
    return out;
  }

  @Override
  public String toString() {
    return "MultiDiscrete(" + Arrays.toString(nvec).replace(",", "") + ")";
  }
}
