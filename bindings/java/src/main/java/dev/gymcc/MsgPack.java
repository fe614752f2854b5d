package dev.gymcc;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The MessagePack dialect of a WebSocket session (docs/fast-paths.md): the JSON messages'
 * keys as MessagePack maps, arrays as the ndarray extension (type 1). Replies decode to the
 * same values {@link Json#decode} gives (ndarrays as nested lists, IEEE infinities and NaN as
 * the API's strings, Long or BigInteger beyond), so everything downstream reads both dialects
 * alike; float32 widens to double exactly.
 */
final class MsgPack {
  private static final byte NDARRAY = 1;
  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private MsgPack() {}

  /** A request as MessagePack, or null when a value has no form in it (an integer beyond 64 bits). */
  static byte[] encode(Map<String, Object> message) {
    try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
      return pack(out, message) ? out.toByteArray() : null;
    } catch (IOException e) {
      throw new IllegalStateException("gymcc: MessagePack encoding failed", e);
    }
  }

  private static boolean pack(MessageBufferPacker out, Object v) throws IOException {
    if (v == null) {
      out.packNil();
    } else if (v instanceof Boolean b) {
      out.packBoolean(b);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      out.packLong(((Number) v).longValue());
    } else if (v instanceof Double || v instanceof Float) {
      out.packDouble(((Number) v).doubleValue());
    } else if (v instanceof BigInteger big) {
      if (big.signum() < 0 ? big.bitLength() > 63 : big.compareTo(UINT64_MAX) > 0) return false;
      out.packBigInteger(big);
    } else if (v instanceof String s) {
      out.packString(s);
    } else if (v instanceof NDArray a) {
      byte[] payload = ndarrayPayload(a);
      out.packExtensionTypeHeader(NDARRAY, payload.length);
      out.writePayload(payload);
    } else if (v instanceof List<?> list) {
      out.packArrayHeader(list.size());
      for (Object e : list) if (!pack(out, e)) return false;
    } else if (v instanceof Map<?, ?> map) {
      out.packMapHeader(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.packString(String.valueOf(e.getKey()));
        if (!pack(out, e.getValue())) return false;
      }
    } else {
      return false; // anything else goes as JSON, as Jackson writes it
    }
    return true;
  }

  private static int code(DType dtype) {
    return dtype.ordinal() <= DType.UINT64.ordinal() ? dtype.ordinal() : dtype.ordinal() + 1;
  }

  private static byte[] ndarrayPayload(NDArray a) {
    int[] shape = a.shape();
    DType dtype = a.dtype();
    ByteBuffer b = ByteBuffer.allocate(2 + 4 * shape.length + a.size() * dtype.itemsize()).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) code(dtype)).put((byte) shape.length);
    for (int d : shape) b.putInt(d);
    for (int i = 0; i < a.size(); i++) {
      switch (dtype) {
        case FLOAT32 -> b.putFloat(a.getFloat(i));
        case FLOAT64 -> b.putDouble(a.getDouble(i));
        default -> {
          long x = a.getLong(i);
          switch (dtype.itemsize()) {
            case 1 -> b.put((byte) x);
            case 2 -> b.putShort((short) x);
            case 4 -> b.putInt((int) x);
            default -> b.putLong(x);
          }
        }
      }
    }
    return b.array();
  }

  /** A reply, as {@link Json#decode} would give it. */
  static Object decode(byte[] data) {
    try (MessageUnpacker in = MessagePack.newDefaultUnpacker(data)) {
      Object value = unpack(in);
      if (in.hasNext()) throw new IllegalArgumentException("gymcc: trailing data after a MessagePack value");
      return value;
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) throw iae;
      throw new IllegalArgumentException("gymcc: not MessagePack: " + e.getMessage(), e);
    }
  }

  private static Object number(double d) {
    if (Double.isNaN(d)) return "NaN";
    if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
    return d;
  }

  private static Object unpack(MessageUnpacker in) throws IOException {
    MessageFormat format = in.getNextFormat();
    ValueType type = format.getValueType();
    switch (type) {
      case NIL:
        in.unpackNil();
        return null;
      case BOOLEAN:
        return in.unpackBoolean();
      case INTEGER:
        if (format == MessageFormat.UINT64) {
          BigInteger big = in.unpackBigInteger();
          return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        return in.unpackLong();
      case FLOAT:
        return number(in.unpackDouble());
      case STRING:
        return in.unpackString();
      case ARRAY: {
        int n = in.unpackArrayHeader();
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) list.add(unpack(in));
        return list;
      }
      case MAP: {
        int n = in.unpackMapHeader();
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          if (in.getNextFormat().getValueType() != ValueType.STRING) {
            throw new IllegalArgumentException("gymcc: a MessagePack map key that is not a string");
          }
          String key = in.unpackString();
          map.put(key, unpack(in));
        }
        return map;
      }
      case EXTENSION: {
        var header = in.unpackExtensionTypeHeader();
        byte[] payload = in.readPayload(header.getLength());
        if (header.getType() != NDARRAY) {
          throw new IllegalArgumentException("gymcc: an unknown MessagePack extension type " + header.getType());
        }
        return ndarray(payload);
      }
      default:
        throw new IllegalArgumentException("gymcc: unexpected MessagePack " + type);
    }
  }

  /** An ndarray's payload as nested lists in C order (a 0-d array as its one element). */
  static Object ndarray(byte[] payload) {
    ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
    if (payload.length < 2) throw new IllegalArgumentException("gymcc: a malformed ndarray");
    int code = b.get() & 0xff;
    int d = b.get() & 0xff;
    if (code > 11 || code == 9) throw new IllegalArgumentException("gymcc: an ndarray of unknown dtype code " + code);
    DType dtype = DType.values()[code <= 8 ? code : code - 1];
    if (payload.length < 2 + 4L * d) throw new IllegalArgumentException("gymcc: a malformed ndarray");
    int[] shape = new int[d];
    long count = 1;
    for (int i = 0; i < d; i++) {
      shape[i] = b.getInt();
      count *= Integer.toUnsignedLong(shape[i]);
    }
    if (shape.length > 0 && count < 0 || b.remaining() != count * dtype.itemsize()) {
      throw new IllegalArgumentException("gymcc: a malformed ndarray of " + payload.length + " bytes");
    }
    return nest(b, dtype, shape, 0);
  }

  private static Object nest(ByteBuffer b, DType dtype, int[] shape, int axis) {
    if (axis == shape.length) return element(b, dtype);
    List<Object> list = new ArrayList<>(shape[axis]);
    for (int i = 0; i < shape[axis]; i++) list.add(nest(b, dtype, shape, axis + 1));
    return list;
  }

  private static Object element(ByteBuffer b, DType dtype) {
    return switch (dtype) {
      case BOOL -> b.get() != 0;
      case INT8 -> (long) b.get();
      case UINT8 -> (long) (b.get() & 0xff);
      case INT16 -> (long) b.getShort();
      case UINT16 -> (long) (b.getShort() & 0xffff);
      case INT32 -> (long) b.getInt();
      case UINT32 -> Integer.toUnsignedLong(b.getInt());
      case INT64 -> b.getLong();
      case UINT64 -> {
        long x = b.getLong();
        yield x >= 0 ? (Object) x : new BigInteger(Long.toUnsignedString(x));
      }
      case FLOAT32 -> number(b.getFloat());
      case FLOAT64 -> number(b.getDouble());
    };
  }
}
