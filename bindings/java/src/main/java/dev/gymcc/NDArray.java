package dev.gymcc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional array of one dtype in C order, as numpy's. Float dtypes keep their elements
 * as doubles (a float32 value is exact as a double), integer and bool dtypes as longs (uint64
 * as its two's-complement bits, bool as 0 or 1). Immutable once built.
 */
public final class NDArray {
  private final DType dtype;
  private final int[] shape;
  private final double[] doubles;
  private final long[] longs;

  private NDArray(DType dtype, int[] shape, double[] doubles, long[] longs) {
    this.dtype = dtype;
    this.shape = shape;
    this.doubles = doubles;
    this.longs = longs;
  }

  static int sizeOf(int[] shape) {
    int n = 1;
    for (int d : shape) n = Math.multiplyExact(n, d);
    return n;
  }

  /** An array of a float dtype (values are rounded to float32 for FLOAT32). */
  public static NDArray ofDoubles(DType dtype, int[] shape, double[] values) {
    if (values.length != sizeOf(shape)) {
      throw new IllegalArgumentException("gymcc: " + values.length + " values for shape " + Arrays.toString(shape));
    }
    if (!dtype.isFloat()) {
      long[] longs = new long[values.length];
      for (int i = 0; i < values.length; i++) longs[i] = (long) values[i];
      return ofLongs(dtype, shape, longs);
    }
    double[] copy = values.clone();
    if (dtype == DType.FLOAT32) {
      for (int i = 0; i < copy.length; i++) copy[i] = (float) copy[i];
    }
    return new NDArray(dtype, shape.clone(), copy, null);
  }

  /** An array of an integer or bool dtype. */
  public static NDArray ofLongs(DType dtype, int[] shape, long[] values) {
    if (values.length != sizeOf(shape)) {
      throw new IllegalArgumentException("gymcc: " + values.length + " values for shape " + Arrays.toString(shape));
    }
    if (dtype.isFloat()) {
      double[] doubles = new double[values.length];
      for (int i = 0; i < values.length; i++) doubles[i] = values[i];
      return ofDoubles(dtype, shape, doubles);
    }
    return new NDArray(dtype, shape.clone(), null, values.clone());
  }

  /** A 1-d float32 array, e.g. a Box action: {@code NDArray.ofFloats(0.5f)}. */
  public static NDArray ofFloats(float... values) {
    double[] doubles = new double[values.length];
    for (int i = 0; i < values.length; i++) doubles[i] = values[i];
    return new NDArray(DType.FLOAT32, new int[] {values.length}, doubles, null);
  }

  /**
   * An array of a dtype and shape from JSON-like nested lists (or a number for shape []). A
   * null shape takes the lists' own shape.
   */
  public static NDArray fromList(Object value, DType dtype, int[] shape) {
    if (shape == null) shape = shapeOf(value);
    double[] flat = Json.flatDoubles(value);
    if (flat.length != sizeOf(shape)) {
      throw new IllegalArgumentException("gymcc: " + value + " does not fill shape " + Arrays.toString(shape));
    }
    if (dtype.isFloat()) return ofDoubles(dtype, shape, flat);
    long[] longs = new long[flat.length];
    List<Object> elements = new ArrayList<>();
    flattenElements(value, elements);
    for (int i = 0; i < longs.length; i++) {
      Object e = elements.get(i);
      if (e instanceof BigInteger b) longs[i] = b.longValue(); // uint64 beyond int64: its bits
      else if (e instanceof Boolean bool) longs[i] = bool ? 1 : 0;
      else longs[i] = Json.toLong(e);
    }
    return new NDArray(dtype, shape.clone(), null, longs);
  }

  private static void flattenElements(Object value, List<Object> out) {
    if (value instanceof List<?> list) {
      for (Object e : list) flattenElements(e, out);
    } else {
      out.add(value);
    }
  }

  private static int[] shapeOf(Object value) {
    List<Integer> dims = new ArrayList<>();
    while (value instanceof List<?> list) {
      dims.add(list.size());
      value = list.isEmpty() ? null : list.get(0);
    }
    return dims.stream().mapToInt(Integer::intValue).toArray();
  }

  public DType dtype() {
    return dtype;
  }

  /** The shape (a copy). */
  public int[] shape() {
    return shape.clone();
  }

  /** The number of elements. */
  public int size() {
    return doubles != null ? doubles.length : longs.length;
  }

  /** The element at a flat (C-order) index as a double. */
  public double getDouble(int i) {
    if (doubles != null) return doubles[i];
    if (dtype == DType.UINT64 && longs[i] < 0) return unsigned(longs[i]).doubleValue();
    return longs[i];
  }

  /** The element at a flat index as a long (floats truncate toward zero). */
  public long getLong(int i) {
    return doubles != null ? (long) doubles[i] : longs[i];
  }

  /** The element at a flat index as a float (for float32 arrays: exactly the value). */
  public float getFloat(int i) {
    return (float) getDouble(i);
  }

  /** The element at a multi-dimensional index, as a double. */
  public double at(int... index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException("gymcc: " + index.length + " indices for " + shape.length + " dimensions");
    }
    int flat = 0;
    for (int axis = 0; axis < index.length; axis++) {
      if (index[axis] < 0 || index[axis] >= shape[axis]) throw new IndexOutOfBoundsException(index[axis]);
      flat = flat * shape[axis] + index[axis];
    }
    return getDouble(flat);
  }

  /** The elements as doubles, in C order. */
  public double[] toDoubleArray() {
    double[] out = new double[size()];
    for (int i = 0; i < out.length; i++) out[i] = getDouble(i);
    return out;
  }

  /** The elements as floats, in C order. */
  public float[] toFloatArray() {
    float[] out = new float[size()];
    for (int i = 0; i < out.length; i++) out[i] = getFloat(i);
    return out;
  }

  /** The elements as longs, in C order. */
  public long[] toLongArray() {
    long[] out = new long[size()];
    for (int i = 0; i < out.length; i++) out[i] = getLong(i);
    return out;
  }

  private static BigInteger unsigned(long bits) {
    return new BigInteger(Long.toUnsignedString(bits));
  }

  /** The element as JSON carries it: Boolean, Long (BigInteger for large uint64) or Double. */
  Object element(int i) {
    if (doubles != null) return doubles[i];
    if (dtype == DType.BOOL) return longs[i] != 0;
    if (dtype == DType.UINT64 && longs[i] < 0) return unsigned(longs[i]);
    return longs[i];
  }

  /** The array as nested lists, as numpy's tolist(); a 0-d array is its element. */
  public Object toList() {
    int[] next = {0};
    return build(0, next);
  }

  private Object build(int axis, int[] next) {
    if (axis == shape.length) return element(next[0]++);
    List<Object> out = new ArrayList<>(shape[axis]);
    for (int i = 0; i < shape[axis]; i++) out.add(build(axis + 1, next));
    return out;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NDArray a
        && a.dtype == dtype
        && Arrays.equals(a.shape, shape)
        && Arrays.equals(a.doubles, doubles)
        && Arrays.equals(a.longs, longs);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shape) * 31 + (doubles != null ? Arrays.hashCode(doubles) : Arrays.hashCode(longs));
  }

  @Override
  public String toString() {
    return "array(" + toList() + ", dtype=" + dtype + ")";
  }
}
