package dev.gymcc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading space descriptions and element candidates. */
final class Spaces {
  private Spaces() {}

  /** An element candidate's shape, values (as doubles) and dtype (null for plain Java values). */
  record Numbers(int[] shape, double[] values, DType dtype) {}

  static Numbers numbersOf(Object x) {
    if (x instanceof NDArray a) return new Numbers(a.shape(), a.toDoubleArray(), a.dtype());
    if (x instanceof double[] d) return new Numbers(new int[] {d.length}, d.clone(), null);
    if (x instanceof float[] f) {
      double[] values = new double[f.length];
      for (int i = 0; i < f.length; i++) values[i] = f[i];
      return new Numbers(new int[] {f.length}, values, null);
    }
    if (x instanceof long[] l) {
      double[] values = new double[l.length];
      for (int i = 0; i < l.length; i++) values[i] = l[i];
      return new Numbers(new int[] {l.length}, values, null);
    }
    if (x instanceof int[] n) {
      double[] values = new double[n.length];
      for (int i = 0; i < n.length; i++) values[i] = n[i];
      return new Numbers(new int[] {n.length}, values, null);
    }
    if (x instanceof List<?> list) {
      try {
        NDArray a = NDArray.fromList(list, DType.FLOAT64, null);
        return new Numbers(a.shape(), a.toDoubleArray(), null);
      } catch (RuntimeException notNumbers) {
        return null;
      }
    }
    if (x instanceof Number n) return new Numbers(new int[0], new double[] {n.doubleValue()}, null);
    return null;
  }

  /** An integer value (any Java integer type or a 0-d integer NDArray); bools are not. */
  static Long integerValue(Object x) {
    if (x instanceof Long || x instanceof Integer || x instanceof Short || x instanceof Byte) {
      return ((Number) x).longValue();
    }
    if (x instanceof BigInteger b) return b.bitLength() < 64 ? b.longValue() : null;
    if (x instanceof NDArray a && a.shape().length == 0 && !a.dtype().isFloat() && a.dtype() != DType.BOOL) {
      return a.getLong(0);
    }
    return null;
  }

  /** Bounds as the JSON API writes them: nested lists, ±inf as "Infinity"/"-Infinity". */
  static Object jsonBounds(double[] bounds, int[] shape) {
    Object list = NDArray.ofDoubles(DType.FLOAT64, shape, bounds).toList();
    return jsonSafe(list);
  }

  private static Object jsonSafe(Object v) {
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object e : list) out.add(jsonSafe(e));
      return out;
    }
    if (v instanceof Double d && (d.isInfinite() || d.isNaN())) {
      return d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
    }
    return v;
  }

  private static int[] shapeOf(Object v, String name) {
    if (!(v instanceof List<?> list)) return null;
    int[] shape = new int[list.size()];
    for (int i = 0; i < shape.length; i++) shape[i] = (int) Json.toLong(list.get(i));
    return shape;
  }

  private static Object required(Map<String, Object> d, String key, String name) {
    Object v = d.get(key);
    if (v == null) throw new IllegalArgumentException("gymcc: a " + name + " space description needs \"" + key + "\"");
    return v;
  }

  private static long[] longs(Object v) {
    if (v == null) return null;
    double[] values = Json.flatDoubles(v);
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) out[i] = (long) values[i];
    return out;
  }

  @SuppressWarnings("unchecked")
  static Space fromDescription(Map<String, Object> d) {
    String name = d.get("name") instanceof String s ? s : "";
    int[] shape = shapeOf(d.get("shape"), name);
    switch (name) {
      case "Discrete":
        return new Discrete(Json.toLong(required(d, "n", name)), d.get("start") == null ? 0 : Json.toLong(d.get("start")));
      case "Box": {
        double[] low = Json.flatDoubles(required(d, "low", name));
        double[] high = Json.flatDoubles(required(d, "high", name));
        DType dtype = d.get("dtype") instanceof String s ? DType.of(s) : DType.FLOAT32;
        return new Box(low, high, shape == null ? new int[0] : shape, dtype);
      }
      case "MultiDiscrete":
        return new MultiDiscrete(longs(required(d, "nvec", name)), longs(d.get("start")), shape);
      case "MultiBinary":
        if (shape == null || shape.length == 0) shape = new int[] {(int) Json.toLong(required(d, "n", name))};
        return new MultiBinary(shape);
      case "Tuple": {
        if (!(d.get("spaces") instanceof List<?> list)) {
          throw new IllegalArgumentException("gymcc: a Tuple space description needs a list of spaces");
        }
        List<Space> children = new ArrayList<>();
        for (Object c : list) children.add(child(c, name));
        return new Tuple(children);
      }
      case "Dict": {
        if (!(d.get("spaces") instanceof Map<?, ?> map)) {
          throw new IllegalArgumentException("gymcc: a Dict space description needs a map of spaces");
        }
        Map<String, Space> children = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) children.put((String) e.getKey(), child(e.getValue(), name));
        return new Dict(children);
      }
      default:
        throw new IllegalArgumentException("gymcc: unknown space " + d);
    }
  }

  @SuppressWarnings("unchecked")
  private static Space child(Object c, String parent) {
    if (!(c instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("gymcc: a " + parent + " child that is not a description: " + c);
    }
    return fromDescription((Map<String, Object>) c);
  }
}
