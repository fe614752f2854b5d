// What goes on the wire: JSON text with arbitrary-precision integers (bigint seeds), and
// MessagePack with the ndarray extension.

import { ExtensionCodec, decode, encode } from "@msgpack/msgpack";

import { NDARRAY_EXT, NDArray, type TypedArray, decodeNDArray, encodeNDArray } from "./ndarray.js";

function isTypedArray(value: unknown): value is TypedArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/**
 * JSON text for a request body: bigints as integers (seeds of any size), NDArrays and typed
 * arrays as nested lists, non-finite floats as the API's strings ("NaN", "Infinity").
 */
export function toJSONText(value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "bigint":
      return value.toString();
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(String(value));
    case "boolean":
    case "string":
      return JSON.stringify(value);
    case "object": {
      if (value instanceof NDArray) return toJSONText(value.toList());
      if (isTypedArray(value)) return toJSONText(NDArray.from(value).toList());
      if (Array.isArray(value)) return `[${value.map(toJSONText).join(",")}]`;
      const fields = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${toJSONText(v)}`).join(",")}}`;
    }
    default:
      throw new TypeError(`cannot send a ${typeof value} as JSON`);
  }
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** Whether MessagePack can carry `value` (it has no integers beyond 64 bits). */
export function fitsMessagePack(value: unknown): boolean {
  if (typeof value === "bigint") return value >= INT64_MIN && value <= UINT64_MAX;
  if (Array.isArray(value)) return value.every(fitsMessagePack);
  if (value !== null && typeof value === "object" && !(value instanceof NDArray) && !isTypedArray(value)) {
    return Object.values(value).every(fitsMessagePack);
  }
  return true;
}

const extensionCodec = new ExtensionCodec();
extensionCodec.register({
  type: NDARRAY_EXT,
  encode: (value: unknown): Uint8Array | null => {
    if (value instanceof NDArray) return encodeNDArray(value);
    if (isTypedArray(value)) return encodeNDArray(NDArray.from(value));
    return null;
  },
  decode: (data: Uint8Array): NDArray => decodeNDArray(data),
});

/**
 * Integers beyond 32 bits as bigints: with `useBigInt64` the encoder writes those as 64-bit
 * ints, and numbers beyond 32 bits as floats (a seed of 2**32 would arrive as 4294967296.0).
 */
function wideIntegersAsBigInts(value: unknown): unknown {
  if (typeof value === "number") {
    return Number.isSafeInteger(value) && (value > 0xffffffff || value < -0x80000000) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map(wideIntegersAsBigInts);
  if (value !== null && typeof value === "object" && !(value instanceof NDArray) && !isTypedArray(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wideIntegersAsBigInts(v)]));
  }
  return value;
}

/** A MessagePack message: NDArrays and typed arrays as the ndarray extension, integers exact. */
export function packMessage(value: unknown): Uint8Array {
  return encode(wideIntegersAsBigInts(value), { extensionCodec, useBigInt64: true, ignoreUndefined: true });
}

/** A MessagePack reply, with ndarray extensions decoded to NDArrays. */
export function unpackMessage(data: Uint8Array): unknown {
  return decode(data, { extensionCodec });
}
