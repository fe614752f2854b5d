package dev.gymcc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;

/**
 * What goes on the wire: JSON whose numbers keep Python's int/float distinction. Integers decode
 * to {@link Long} ({@link BigInteger} beyond), floats to {@link Double} (correctly rounded),
 * objects to insertion-ordered {@code Map<String, Object>}, arrays to {@code List<Object>}.
 * {@link NDArray}s encode as nested lists. One mapper per client, no global registration.
 */
public final class Json {
  private final ObjectMapper mapper;

  public Json() {
    SimpleModule arrays = new SimpleModule("gymcc-ndarray");
    arrays.addSerializer(NDArray.class, new JsonSerializer<NDArray>() {
      @Override
      public void serialize(NDArray value, JsonGenerator out, SerializerProvider provider) throws IOException {
        provider.defaultSerializeValue(value.toList(), out);
      }
    });
    mapper = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .registerModule(arrays);
  }

  /** Parses JSON text: Long/BigInteger, Double, Boolean, String, List, Map or null. */
  public Object decode(String text) {
    try {
      return widenInts(mapper.readValue(text, Object.class));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("gymcc: not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Parses JSON bytes (UTF-8). */
  public Object decode(byte[] data) {
    try {
      return widenInts(mapper.readValue(data, Object.class));
    } catch (IOException e) {
      throw new IllegalArgumentException("gymcc: not JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Jackson reads an integer as the smallest of Integer, Long and BigInteger (and its
   * USE_LONG_FOR_INTS refuses integers beyond 64 bits): make every Integer a Long, in place.
   */
  @SuppressWarnings("unchecked")
  private static Object widenInts(Object value) {
    if (value instanceof Integer i) return (long) i;
    if (value instanceof List<?> list) {
      ((List<Object>) list).replaceAll(Json::widenInts);
    } else if (value instanceof java.util.Map<?, ?> map) {
      ((java.util.Map<String, Object>) map).replaceAll((k, v) -> widenInts(v));
    }
    return value;
  }

  /** Writes a request body: NDArrays and primitive arrays as lists, BigIntegers as integers. */
  public byte[] encode(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("gymcc: cannot send " + value + " as JSON", e);
    }
  }

  /**
   * A number given as any Java number type or the API's strings for non-finite floats
   * ("Infinity", "-Infinity", "NaN").
   */
  public static double toDouble(Object value) {
    if (value instanceof Double d) return d;
    if (value instanceof BigInteger b) return b.doubleValue();
    if (value instanceof Number n) return n.doubleValue();
    if (value instanceof String s) {
      switch (s) {
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        case "NaN":
          return Double.NaN;
        default:
      }
    }
    if (value instanceof NDArray a && a.shape().length == 0) return a.getDouble(0);
    throw new IllegalArgumentException("gymcc: expected a number, got " + value);
  }

  /** An integer value (a whole float counts); throws for anything else. */
  public static long toLong(Object value) {
    if (value instanceof Long l) return l;
    if (value instanceof Integer i) return i;
    if (value instanceof Short s) return s;
    if (value instanceof Byte b) return b;
    if (value instanceof BigInteger b) return b.longValueExact();
    if (value instanceof NDArray a && a.shape().length == 0 && !a.dtype().isFloat()) return a.getLong(0);
    double d = toDouble(value);
    if (d != Math.rint(d) || d < -0x1p63 || d >= 0x1p63) {
      throw new IllegalArgumentException("gymcc: " + value + " is not an int64");
    }
    return (long) d;
  }

  /** Flattens nested lists of numbers (or an NDArray) into doubles, in C order. */
  static double[] flatDoubles(Object value) {
    if (value instanceof NDArray a) return a.toDoubleArray();
    java.util.ArrayList<Double> out = new java.util.ArrayList<>();
    flatten(value, out);
    double[] result = new double[out.size()];
    for (int i = 0; i < result.length; i++) result[i] = out.get(i);
    return result;
  }

  private static void flatten(Object value, java.util.List<Double> out) {
    if (value instanceof List<?> list) {
      for (Object e : list) flatten(e, out);
    } else {
      out.add(toDouble(value));
    }
  }
}
