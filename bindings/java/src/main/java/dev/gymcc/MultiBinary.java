package dev.gymcc;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** gymnasium's MultiBinary(n): arrays of 0s and 1s (int8). */
public final class MultiBinary extends Space {
  private final int[] shape;

  /** MultiBinary of a shape ({n} for MultiBinary(n)). */
  public MultiBinary(int... shape) {
    this.shape = shape.clone();
  }

  /** The number of elements. */
  public int n() {
    return NDArray.sizeOf(shape);
  }

  @Override
  public String kind() {
    return "MultiBinary";
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public DType dtype() {
    return DType.INT8;
  }

  /** integers(0, 2, size=shape, dtype=int8): numpy's buffered 8-bit draws. */
  @Override
  public NDArray sample() {
    byte[] bits = random().integersInt8((byte) 0, (byte) 2, n());
    long[] out = new long[bits.length];
    for (int i = 0; i < bits.length; i++) out[i] = bits[i];
    return NDArray.ofLongs(DType.INT8, shape, out);
  }

  @Override
  public boolean contains(Object x) {
    Spaces.Numbers numbers = Spaces.numbersOf(x);
    if (numbers == null || !Arrays.equals(numbers.shape(), shape)) return false;
    for (double v : numbers.values()) {
      if (v != 0 && v != 1) return false;
    }
    return true;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", "MultiBinary");
    out.put("n", (long) n());
    out.put("shape", Arrays.stream(shape).boxed().collect(Collectors.toList()));
    out.put("dtype", "int8");
    return out;
  }

  @Override
  public String toString() {
    return shape.length == 1 ? "MultiBinary(" + shape[0] + ")" : "MultiBinary(" + Arrays.toString(shape) + ")";
  }
}
