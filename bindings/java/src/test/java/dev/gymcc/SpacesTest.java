package dev.gymcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Typed spaces: seeded samples against gymnasium's (tests/data/space_samples.json, written by
 * tests/tools/make_space_samples.py), descriptions, contains, infinities.
 */
class SpacesTest {
  /** A sample as decoded JSON has it: nested lists of Long, Double, Boolean. */
  static Object plain(Object v) {
    if (v instanceof NDArray a) return a.toList();
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object e : list) out.add(plain(e));
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, e) -> out.put(k, plain(e)));
      return out;
    }
    return v;
  }

  /** Makes JSON-decoded and describe() descriptions comparable (ints as doubles). */
  static Object normalize(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new java.util.TreeMap<>();
      m.forEach((k, e) -> out.put(k, normalize(e)));
      return out;
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object e : list) out.add(normalize(e));
      return out;
    }
    if (v instanceof Long l) return (double) l;
    if (v instanceof Integer i) return (double) i;
    return v;
  }

  @Test
  @SuppressWarnings("unchecked")
  void seededSamplesAreGymnasiums() throws Exception {
    Map<String, Object> doc = GeneratorTest.reference("space_samples.json");
    for (Object o : (List<Object>) doc.get("cases")) {
      Map<String, Object> c = (Map<String, Object>) o;
      Map<String, Object> description = (Map<String, Object>) c.get("space");
      Space space = Space.fromDescription(description);
      assertEquals(normalize(description), normalize(space.describe()), c.get("name") + " describe()");
      for (Object s : (List<Object>) c.get("seeds")) {
        Map<String, Object> seeded = (Map<String, Object>) s;
        space.seed(new BigInteger((String) seeded.get("seed")));
        int i = 0;
        for (Object want : (List<Object>) seeded.get("samples")) {
          Object got = space.sample();
          assertEquals(want, plain(got), c.get("name") + " seed " + seeded.get("seed") + " sample " + i++);
          assertTrue(space.contains(got), space + " contains its sample " + got);
        }
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void boxBoundsAreRealInfinities() {
    String text = "{\"name\":\"Box\",\"shape\":[2],\"low\":[-4.800000190734863,\"-Infinity\"],"
        + "\"high\":[4.800000190734863,\"Infinity\"],\"dtype\":\"float32\"}";
    Box box = (Box) Space.fromDescription((Map<String, Object>) new Json().decode(text));
    assertEquals(Double.NEGATIVE_INFINITY, box.low()[1] + 1);
    assertEquals(Double.POSITIVE_INFINITY, box.high()[1]);
    assertEquals((double) (float) -4.8, box.low()[0]);
    assertTrue(box.contains(new double[] {0, 1e30}));
    assertFalse(box.contains(new double[] {5, 0}));
    assertFalse(box.contains(new double[] {0}));
    assertFalse(box.contains(NDArray.ofDoubles(DType.FLOAT64, new int[] {2}, new double[] {0, 0})), "float64 is not safely cast to float32");
    assertTrue(box.contains(NDArray.ofFloats(0, 0)));
    assertEquals("Box(2,) float32", box.toString());
    assertEquals(List.of(-4.800000190734863, "-Infinity"), box.describe().get("low"));
  }

  @Test
  void discreteContains() {
    Discrete d = new Discrete(3, -1);
    for (Object x : new Object[] {-1, 1L, BigInteger.ZERO}) assertTrue(d.contains(x), "contains " + x);
    for (Object x : new Object[] {2, 0.5, true, "1", null}) assertFalse(d.contains(x), "does not contain " + x);
  }

  @Test
  void jsonKeepsIntsAndFloatsApart() {
    Json json = new Json();
    Object v = json.decode("[1, 1.0, -0.0, 340282366920938463463374607431768211459, 0.1]");
    assertEquals(List.of(1L, 1.0, -0.0, new BigInteger("340282366920938463463374607431768211459"), 0.1), v);
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) ((List<?>) v).get(2)));
    assertEquals("[[1.5,2.0]]", new String(json.encode(List.of(NDArray.ofFloats(1.5f, 2f)))));
  }
}
