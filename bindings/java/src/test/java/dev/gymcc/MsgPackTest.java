package dev.gymcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sessions' MessagePack codec, offline: ndarrays both ways, the JSON dialect's values out. */
class MsgPackTest {
  private static byte[] ndarray(int code, int[] shape, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(2 + 4 * shape.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) code).put((byte) shape.length);
    for (int d : shape) b.putInt(d);
    return b.put(data).array();
  }

  @Test
  void ndarraysDecodeToTheJsonDialectsLists() {
    ByteBuffer f = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    f.putFloat(0.1f).putFloat(Float.NEGATIVE_INFINITY).putFloat(Float.NaN).putFloat(2.5f);
    assertEquals(List.of(List.of((double) 0.1f, "-Infinity"), List.of("NaN", 2.5)),
        MsgPack.ndarray(ndarray(10, new int[] {2, 2}, f.array())));
    assertEquals(List.of(true, false), MsgPack.ndarray(ndarray(0, new int[] {2}, new byte[] {1, 0})));
    assertEquals(-1L, MsgPack.ndarray(ndarray(1, new int[] {}, new byte[] {(byte) 0xff})));
    assertEquals(255L, MsgPack.ndarray(ndarray(2, new int[] {}, new byte[] {(byte) 0xff})));
    byte[] max = new byte[8];
    java.util.Arrays.fill(max, (byte) 0xff);
    assertEquals(List.of(new BigInteger("18446744073709551615")), MsgPack.ndarray(ndarray(8, new int[] {1}, max)));
    assertEquals(List.of(), MsgPack.ndarray(ndarray(7, new int[] {0, 3}, new byte[0])));
  }

  @Test
  void malformedNdarraysAreErrors() {
    assertThrows(IllegalArgumentException.class, () -> MsgPack.ndarray(ndarray(10, new int[] {2}, new byte[4])));
    assertThrows(IllegalArgumentException.class, () -> MsgPack.ndarray(ndarray(9, new int[] {1}, new byte[2])));
    assertThrows(IllegalArgumentException.class, () -> MsgPack.ndarray(new byte[] {11}));
    assertThrows(IllegalArgumentException.class, () -> MsgPack.decode(new byte[] {(byte) 0x93, 1}));
    assertThrows(IllegalArgumentException.class, () -> MsgPack.decode(new byte[] {1, 2}));
  }

  @Test
  void requestsRoundTripAndBigIntegersFallBackToJson() {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("op", "step");
    message.put("action", NDArray.ofFloats(0.5f, -1.25f));
    message.put("id", java.util.Arrays.asList(1L, "x", null, true, 2.5));
    Object back = MsgPack.decode(MsgPack.encode(message));
    Map<String, Object> want = new LinkedHashMap<>();
    want.put("op", "step");
    want.put("action", List.of(0.5, -1.25));
    want.put("id", java.util.Arrays.asList(1L, "x", null, true, 2.5));
    assertEquals(want, back);
    assertEquals(Map.of("seed", new BigInteger("18446744073709551615")),
        MsgPack.decode(MsgPack.encode(Map.of("seed", new BigInteger("18446744073709551615")))));
    assertNull(MsgPack.encode(Map.of("seed", BigInteger.ONE.shiftLeft(64))), "2**64 has no MessagePack form");
  }
}
