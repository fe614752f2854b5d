package dev.gymcc.conformance;

import dev.gymcc.Box;
import dev.gymcc.Dict;
import dev.gymcc.Discrete;
import dev.gymcc.MultiBinary;
import dev.gymcc.MultiDiscrete;
import dev.gymcc.NDArray;
import dev.gymcc.Space;
import dev.gymcc.Tuple;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Exact comparison of the client's results with fixture values (tests/conformance/README.md):
 * floats by their bits (-0 is not 0, NaN is NaN), integers as integers and floats as floats,
 * bools as bools, NDArrays element by element, and the vector format's typed values
 * ({"__ndarray__": dtype, "shape", "data"}) with their dtype wherever the result carries one.
 */
final class Compare {
  static final String ARRAY_TAG = "__ndarray__";

  private Compare() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> typed(Object v) {
    return v instanceof Map<?, ?> m && m.containsKey(ARRAY_TAG) ? (Map<String, Object>) m : null;
  }

  static int[] ints(Object v) {
    List<?> list = (List<?>) v;
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) out[i] = ((Long) list.get(i)).intValue();
    return out;
  }

  /** The fixture's typed values as plain nested lists. */
  static Object untyped(Object v) {
    Map<String, Object> t = typed(v);
    if (t != null) {
      int[] shape = ints(t.get("shape"));
      List<?> data = (List<?>) t.get("data");
      List<Object> flat = new ArrayList<>();
      for (Object e : data) flat.add(untyped(e));
      if (shape.length == 0) return flat.get(0);
      int[] next = {0};
      return build(shape, 0, flat, next);
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object e : list) out.add(untyped(e));
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      m.forEach((k, e) -> out.put((String) k, untyped(e)));
      return out;
    }
    return v;
  }

  private static Object build(int[] shape, int axis, List<Object> flat, int[] next) {
    if (axis == shape.length) return flat.get(next[0]++);
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < shape[axis]; i++) out.add(build(shape, axis + 1, flat, next));
    return out;
  }

  static String show(Object v) {
    String text = v instanceof double[] d ? Arrays.toString(d)
        : v instanceof boolean[] b ? Arrays.toString(b) : String.valueOf(v);
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  private static String type(Object v) {
    return v == null ? "null" : v.getClass().getSimpleName();
  }

  private static List<Object> asList(Object v) {
    if (v instanceof List<?> list) return new ArrayList<>(list);
    if (v instanceof double[] d) {
      List<Object> out = new ArrayList<>();
      for (double x : d) out.add(x);
      return out;
    }
    if (v instanceof boolean[] b) {
      List<Object> out = new ArrayList<>();
      for (boolean x : b) out.add(x);
      return out;
    }
    return null;
  }

  static boolean sameDouble(double a, double b) {
    return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b) || (Double.isNaN(a) && Double.isNaN(b));
  }

  /** Where actual differs from the fixture's expected value (null if nowhere). */
  static String diff(Object expected, Object actual, String path) {
    Map<String, Object> t = typed(expected);
    if (t != null) {
      if (actual instanceof NDArray a) {
        if (!a.dtype().numpyName().equals(t.get(ARRAY_TAG))) {
          return path + ": expected dtype " + t.get(ARRAY_TAG) + ", got " + a.dtype();
        }
        if (!Arrays.equals(a.shape(), ints(t.get("shape")))) {
          return path + ": expected shape " + t.get("shape") + ", got " + Arrays.toString(a.shape());
        }
      }
      return diff(untyped(expected), actual, path);
    }
    if (actual instanceof NDArray a) return diff(expected, a.toList(), path);
    if (expected instanceof List<?> e) {
      List<Object> list = asList(actual);
      if (list == null || list.size() != e.size()) {
        return path + ": expected " + show(expected) + ", got " + show(actual);
      }
      for (int i = 0; i < e.size(); i++) {
        String d = diff(e.get(i), list.get(i), path + "[" + i + "]");
        if (d != null) return d;
      }
      return null;
    }
    if (expected instanceof Map<?, ?> e) {
      if (!(actual instanceof Map<?, ?> m)) return path + ": expected " + show(expected) + ", got " + show(actual);
      if (!new TreeSet<>(e.keySet()).equals(new TreeSet<>(m.keySet()))) {
        return path + ": expected keys " + new TreeSet<>(e.keySet()) + ", got " + new TreeSet<>(m.keySet());
      }
      for (Object k : e.keySet()) {
        String d = diff(e.get(k), m.get(k), path + "." + k);
        if (d != null) return d;
      }
      return null;
    }
    if (expected instanceof Double e) {
      if (actual instanceof Double a && sameDouble(e, a)) return null;
    } else if (expected instanceof Long e) {
      if (actual instanceof Long a && a.equals(e)) return null;
      if (actual instanceof BigInteger a && a.equals(BigInteger.valueOf(e))) return null;
    } else if (expected instanceof BigInteger e) {
      if (actual instanceof BigInteger a && a.equals(e)) return null;
    } else if (Objects.equals(expected, actual)) {
      return null;
    }
    return path + ": expected " + show(expected) + " (" + type(expected) + "), got " + show(actual) + " (" + type(actual) + ")";
  }

  private static List<Double> numbers(Object v) {
    List<Double> out = new ArrayList<>();
    walk(v, out);
    return out;
  }

  private static void walk(Object v, List<Double> out) {
    if (v instanceof List<?> list) {
      for (Object e : list) walk(e, out);
    } else if (v instanceof Long l) {
      out.add((double) l);
    } else if (v instanceof Double d) {
      out.add(d);
    } else if (v instanceof String s) {
      out.add(s.equals("Infinity") ? Double.POSITIVE_INFINITY : s.equals("-Infinity") ? Double.NEGATIVE_INFINITY : Double.NaN);
    }
  }

  private static boolean sameDoubles(List<Double> expected, double[] actual) {
    if (expected.size() != actual.length) return false;
    for (int i = 0; i < actual.length; i++) {
      if (!sameDouble(expected.get(i), actual[i])) return false;
    }
    return true;
  }

  private static double[] doubles(long[] values) {
    return Arrays.stream(values).asDoubleStream().toArray();
  }

  /** Where the client's typed space differs from a description (null if nowhere). */
  @SuppressWarnings("unchecked")
  static String spaceDiff(Map<String, Object> d, Space space, String path) {
    String name = String.valueOf(d.get("name"));
    if (!space.kind().equals(name)) return path + ": expected a " + name + ", got " + space;
    if (d.get("shape") instanceof List<?> want && !Arrays.equals(ints(want), space.shape())) {
      return path + ": expected shape " + want + ", got " + Arrays.toString(space.shape());
    }
    if (space instanceof Discrete s) {
      long start = d.get("start") instanceof Long l ? l : 0;
      if (s.n() != (Long) d.get("n") || s.start() != start) {
        return path + ": expected Discrete(" + d.get("n") + ", start=" + d.get("start") + "), got " + s;
      }
    } else if (space instanceof Box s) {
      if (!s.dtype().numpyName().equals(d.get("dtype"))) return path + ": expected dtype " + d.get("dtype") + ", got " + s.dtype();
      if (!sameDoubles(numbers(d.get("low")), s.low())) {
        return path + ".low: expected " + numbers(d.get("low")) + ", got " + Arrays.toString(s.low());
      }
      if (!sameDoubles(numbers(d.get("high")), s.high())) {
        return path + ".high: expected " + numbers(d.get("high")) + ", got " + Arrays.toString(s.high());
      }
      // The strings are real infinities: arithmetic on them stays infinite.
      for (int i = 0; i < s.low().length; i++) {
        if (Double.isInfinite(s.low()[i]) && !Double.isInfinite(s.low()[i] + 1)) return path + ".low: not a real infinity";
      }
    } else if (space instanceof MultiDiscrete s) {
      if (!sameDoubles(numbers(d.get("nvec")), doubles(s.nvec())) || !sameDoubles(numbers(d.get("start")), doubles(s.start()))) {
        return path + ": expected nvec " + d.get("nvec") + " start " + d.get("start") + ", got " + Arrays.toString(s.nvec())
            + " " + Arrays.toString(s.start());
      }
    } else if (space instanceof MultiBinary s) {
      if (s.n() != (Long) d.get("n")) return path + ": expected n " + d.get("n") + ", got " + s.n();
    } else if (space instanceof Tuple s) {
      List<?> children = (List<?>) d.get("spaces");
      if (children.size() != s.spaces().size()) {
        return path + ": expected " + children.size() + " spaces, got " + s.spaces().size();
      }
      for (int i = 0; i < children.size(); i++) {
        String diff = spaceDiff((Map<String, Object>) children.get(i), s.spaces().get(i), path + "[" + i + "]");
        if (diff != null) return diff;
      }
    } else if (space instanceof Dict s) {
      Map<String, Object> children = (Map<String, Object>) d.get("spaces");
      if (!new TreeSet<>(children.keySet()).equals(new TreeSet<>(s.spaces().keySet()))) {
        return path + ": expected keys " + new TreeSet<>(children.keySet()) + ", got " + s.spaces().keySet();
      }
      for (Map.Entry<String, Object> c : children.entrySet()) {
        String diff = spaceDiff((Map<String, Object>) c.getValue(), s.spaces().get(c.getKey()), path + "." + c.getKey());
        if (diff != null) return diff;
      }
    }
    return null;
  }
}
