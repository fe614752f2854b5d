package dev.gymcc;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * gymnasium's Box(low, high, shape, dtype). The bounds hold one value per element in C order,
 * with real infinities where a dimension is unbounded (the API's "Infinity"/"-Infinity").
 */
public final class Box extends Space {
  private final double[] low;
  private final double[] high;
  private final int[] shape;
  private final DType dtype;

  public Box(double[] low, double[] high, int[] shape, DType dtype) {
    int n = NDArray.sizeOf(shape);
    if (low.length != n || high.length != n) {
      throw new IllegalArgumentException("gymcc: Box bounds of " + low.length + " and " + high.length
          + " values for shape " + Arrays.toString(shape));
    }
    this.low = low.clone();
    this.high = high.clone();
    this.shape = shape.clone();
    this.dtype = dtype;
  }

  /** The lower bounds, one per element in C order (a copy). */
  public double[] low() {
    return low.clone();
  }

  /** The upper bounds (a copy). */
  public double[] high() {
    return high.clone();
  }

  public boolean boundedBelow(int i) {
    return low[i] > Double.NEGATIVE_INFINITY;
  }

  public boolean boundedAbove(int i) {
    return high[i] < Double.POSITIVE_INFINITY;
  }

  @Override
  public String kind() {
    return "Box";
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public DType dtype() {
    return dtype;
  }

  private static double[] integerRange(DType dtype) {
    switch (dtype) {
      case INT8: return new double[] {-128, 127};
      case UINT8: return new double[] {0, 255};
      case INT16: return new double[] {-32768, 32767};
      case UINT16: return new double[] {0, 65535};
      case INT32: return new double[] {-2147483648.0, 2147483647.0};
      case UINT32: return new double[] {0, 4294967295.0};
      // gymnasium narrows int64 by 2 each side (in float64, where that rounds back).
      case INT64: return new double[] {-0x1p63 + 2, 0x1p63 - 2};
      case UINT64: return new double[] {0, 0x1p64};
      default: return new double[] {0, 1};
    }
  }

  /**
   * Normals for unbounded elements, then exponentials for low-bounded ones, then for
   * high-bounded ones, then uniforms for bounded ones — each group in C order — in float64,
   * then cast to the dtype, as gymnasium's Box.sample.
   */
  @Override
  public NDArray sample() {
    Generator g = random();
    int n = low.length;
    boolean integral = !dtype.isFloat();
    double[] sample = new double[n];
    for (int i = 0; i < n; i++) {
      if (!boundedBelow(i) && !boundedAbove(i)) sample[i] = g.standardNormal();
    }
    for (int i = 0; i < n; i++) {
      if (boundedBelow(i) && !boundedAbove(i)) sample[i] = g.standardExponential() + low[i];
    }
    for (int i = 0; i < n; i++) {
      if (!boundedBelow(i) && boundedAbove(i)) sample[i] = -g.standardExponential() + upper(i, integral);
    }
    for (int i = 0; i < n; i++) {
      if (boundedBelow(i) && boundedAbove(i)) sample[i] = g.uniform(low[i], upper(i, integral));
    }
    if (integral) {
      double[] bounds = integerRange(dtype);
      for (int i = 0; i < n; i++) {
        double v = Math.min(Math.max(Math.floor(sample[i]), bounds[0]), bounds[1]);
        if (dtype == DType.INT64) v = Math.min(Math.max(v, low[i]), high[i]);
        sample[i] = v;
      }
    }
    if (dtype == DType.BOOL) {
      long[] bits = new long[n];
      for (int i = 0; i < n; i++) bits[i] = sample[i] != 0 ? 1 : 0;
      return NDArray.ofLongs(dtype, shape, bits);
    }
    return NDArray.ofDoubles(dtype, shape, sample);
  }

  private double upper(int i, boolean integral) {
    return integral ? high[i] + 1 : high[i];
  }

  /** gymnasium's contains: the shape, numpy's safe cast of the dtype, and the bounds. */
  @Override
  public boolean contains(Object x) {
    Spaces.Numbers numbers = Spaces.numbersOf(x);
    if (numbers == null || !Arrays.equals(numbers.shape(), shape)) return false;
    if (numbers.dtype() != null && !numbers.dtype().canCastTo(dtype)) return false;
    double[] values = numbers.values();
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if ((!dtype.isFloat() && v != Math.rint(v)) || !(v >= low[i] && v <= high[i])) return false;
    }
    return true;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", "Box");
    out.put("shape", Arrays.stream(shape).boxed().collect(Collectors.toList()));
    out.put("low", Spaces.jsonBounds(low, shape));
    out.put("high", Spaces.jsonBounds(high, shape));
    out.put("dtype", dtype.numpyName());
    return out;
  }

  @Override
  public String toString() {
    String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    return "Box(" + dims + (shape.length == 1 ? "," : "") + ") " + dtype;
  }
}
