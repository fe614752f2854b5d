package dev.gymcc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The generator against numpy's own draws (tests/data/rng_vectors.json, written by
 * tests/tools/make_rng_vectors.py, which libenv's C++ tests and the Go/TS clients replay too).
 */
class GeneratorTest {
  @SuppressWarnings("unchecked")
  static Map<String, Object> reference(String name) throws Exception {
    Path file = Path.of("..", "..", "tests", "data", name);
    return (Map<String, Object>) new Json().decode(Files.readAllBytes(file));
  }

  private static long checksum(long multiplier, double[] values) {
    long h = 0;
    for (double v : values) h = h * multiplier + Double.doubleToRawLongBits(v);
    return h;
  }

  private static double[] draws(int count, DoubleSupplier draw) {
    double[] out = new double[count];
    for (int i = 0; i < count; i++) out[i] = draw.getAsDouble();
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void checkDraws(String what, Map<String, Object> section, long multiplier, DoubleSupplier draw) {
    double[] values = draws(((Long) section.get("count")).intValue(), draw);
    List<Object> head = (List<Object>) section.get("head");
    for (int i = 0; i < head.size(); i++) {
      assertEquals(Double.parseDouble((String) head.get(i)), values[i], 0.0, what + " draw " + i);
    }
    assertEquals(Long.parseUnsignedLong((String) section.get("checksum")), checksum(multiplier, values), what + " checksum");
  }

  @Test
  @SuppressWarnings("unchecked")
  void drawsAreNumpys() throws Exception {
    Map<String, Object> vectors = reference("rng_vectors.json");
    long multiplier = Long.parseUnsignedLong((String) vectors.get("checksum_multiplier"));
    for (Object o : (List<Object>) vectors.get("seeds")) {
      Map<String, Object> entry = (Map<String, Object>) o;
      BigInteger seed = new BigInteger((String) entry.get("seed"));
      int[] state = Generator.generateState(Generator.seedSequencePool(seed), 8);
      List<Object> words = (List<Object>) entry.get("seed_sequence_u32x8");
      for (int i = 0; i < 8; i++) assertEquals((long) (Long) words.get(i), state[i] & 0xffffffffL, "seed " + seed + " word " + i);
      Generator bits = new Generator(seed);
      for (Object raw : (List<Object>) entry.get("raw")) assertEquals((String) raw, Long.toUnsignedString(bits.next64()));
      Generator g1 = new Generator(seed);
      checkDraws("random", (Map<String, Object>) entry.get("random"), multiplier, g1::random);
      Generator g2 = new Generator(seed);
      checkDraws("standard_normal", (Map<String, Object>) entry.get("standard_normal"), multiplier, g2::standardNormal);
      Generator g3 = new Generator(seed);
      checkDraws("standard_exponential", (Map<String, Object>) entry.get("standard_exponential"), multiplier,
          g3::standardExponential);
      Generator u = new Generator(seed);
      for (Object want : (List<Object>) entry.get("uniform")) {
        assertEquals(Double.parseDouble((String) want), u.uniform(-0.05, 0.05), 0.0, "uniform");
      }
      for (Object c : (List<Object>) entry.get("integers")) {
        Map<String, Object> ints = (Map<String, Object>) c;
        long high = Json.toLong(ints.get("high"));
        Generator g = new Generator(seed);
        for (Object want : (List<Object>) ints.get("values")) {
          assertEquals(String.valueOf(want), Long.toString(g.integers(0, high)), "integers(" + high + ")");
        }
      }
      Generator g8 = new Generator(seed); // consecutive int8 calls on one generator
      for (Object c : (List<Object>) entry.get("int8")) {
        Map<String, Object> ints = (Map<String, Object>) c;
        List<Object> want = (List<Object>) ints.get("values");
        byte[] got = g8.integersInt8((byte) Json.toLong(ints.get("low")), (byte) Json.toLong(ints.get("high")), want.size());
        for (int i = 0; i < got.length; i++) assertEquals(Json.toLong(want.get(i)), got[i], "int8 draw " + i);
      }
      Map<String, Object> interleave = (Map<String, Object>) entry.get("generator_interleave");
      String ops = (String) interleave.get("ops");
      List<Object> out = (List<Object>) interleave.get("out");
      Generator gi = new Generator(seed);
      for (int i = 0; i < ops.length(); i++) {
        if (ops.charAt(i) == 'i') assertEquals((String) out.get(i), Long.toString(gi.integers(0, 1L << 31)));
        else assertEquals(Double.parseDouble((String) out.get(i)), gi.random(), 0.0);
      }
    }
  }

  /** Two million draws of each kind from one seed, by checksum. */
  @Test
  @SuppressWarnings("unchecked")
  void bulkDrawsAreNumpys() throws Exception {
    Map<String, Object> vectors = reference("rng_vectors.json");
    long multiplier = Long.parseUnsignedLong((String) vectors.get("checksum_multiplier"));
    for (Object o : (List<Object>) vectors.get("bulk")) {
      Map<String, Object> b = (Map<String, Object>) o;
      Generator g = new Generator(new BigInteger((String) b.get("seed")));
      long count = (Long) b.get("count");
      long h = 0;
      String kind = (String) b.get("kind");
      switch (kind) {
        case "random", "standard_normal", "standard_exponential" -> {
          DoubleSupplier draw = kind.equals("random") ? g::random
              : kind.equals("standard_normal") ? g::standardNormal : g::standardExponential;
          for (long i = 0; i < count; i++) h = h * multiplier + Double.doubleToRawLongBits(draw.getAsDouble());
        }
        case "integers" -> {
          long high = Long.parseLong((String) b.get("arg"));
          for (long i = 0; i < count; i++) h = h * multiplier + g.integers(0, high);
        }
        case "int8_0_2_by_13" -> {
          for (long n = 0; n < count; n += 13) {
            for (byte v : g.integersInt8((byte) 0, (byte) 2, 13)) h = h * multiplier + v;
          }
        }
        default -> {
          continue;
        }
      }
      assertEquals(Long.parseUnsignedLong((String) b.get("checksum")), h, kind + "(" + b.get("arg") + ") x" + count);
    }
  }
}
