// NDArray: a numpy-like typed array with a dtype and a shape, and the wire codec of the
// MessagePack "ndarray" extension (docs/fast-paths.md: type 1, dtype code, dimensions,
// little-endian C-order elements).

/** numpy dtypes the API uses. */
export type DType =
  | "bool"
  | "int8"
  | "uint8"
  | "int16"
  | "uint16"
  | "int32"
  | "uint32"
  | "int64"
  | "uint64"
  | "float32"
  | "float64";

/** The typed array that holds each dtype (bool as one byte per element, 0 or 1). */
export interface DataOf {
  bool: Uint8Array;
  int8: Int8Array;
  uint8: Uint8Array;
  int16: Int16Array;
  uint16: Uint16Array;
  int32: Int32Array;
  uint32: Uint32Array;
  int64: BigInt64Array;
  uint64: BigUint64Array;
  float32: Float32Array;
  float64: Float64Array;
}

export type TypedArray = DataOf[DType];

/** A nested list of numbers (what JSON carries, and what `toList()` gives back). */
export type NestedList = number | boolean | bigint | NestedList[];

interface DTypeInfo {
  code: number;
  itemsize: number;
  make: (n: number | ArrayBuffer, offset?: number) => TypedArray;
}

const DTYPES: Record<DType, DTypeInfo> = {
  bool: { code: 0, itemsize: 1, make: (n, o) => (typeof n === "number" ? new Uint8Array(n) : new Uint8Array(n, o)) },
  int8: { code: 1, itemsize: 1, make: (n, o) => (typeof n === "number" ? new Int8Array(n) : new Int8Array(n, o)) },
  uint8: { code: 2, itemsize: 1, make: (n, o) => (typeof n === "number" ? new Uint8Array(n) : new Uint8Array(n, o)) },
  int16: { code: 3, itemsize: 2, make: (n, o) => (typeof n === "number" ? new Int16Array(n) : new Int16Array(n, o)) },
  uint16: { code: 4, itemsize: 2, make: (n, o) => (typeof n === "number" ? new Uint16Array(n) : new Uint16Array(n, o)) },
  int32: { code: 5, itemsize: 4, make: (n, o) => (typeof n === "number" ? new Int32Array(n) : new Int32Array(n, o)) },
  uint32: { code: 6, itemsize: 4, make: (n, o) => (typeof n === "number" ? new Uint32Array(n) : new Uint32Array(n, o)) },
  int64: { code: 7, itemsize: 8, make: (n, o) => (typeof n === "number" ? new BigInt64Array(n) : new BigInt64Array(n, o)) },
  uint64: { code: 8, itemsize: 8, make: (n, o) => (typeof n === "number" ? new BigUint64Array(n) : new BigUint64Array(n, o)) },
  float32: { code: 10, itemsize: 4, make: (n, o) => (typeof n === "number" ? new Float32Array(n) : new Float32Array(n, o)) },
  float64: { code: 11, itemsize: 8, make: (n, o) => (typeof n === "number" ? new Float64Array(n) : new Float64Array(n, o)) },
};

const DTYPE_OF_CODE = new Map<number, DType>(Object.entries(DTYPES).map(([name, info]) => [info.code, name as DType]));

export function isDType(name: unknown): name is DType {
  return typeof name === "string" && Object.prototype.hasOwnProperty.call(DTYPES, name);
}

export function isFloatDType(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

function isBigDType(dtype: DType): dtype is "int64" | "uint64" {
  return dtype === "int64" || dtype === "uint64";
}

/** A JSON number or one of the API's strings for non-finite floats, as a number. */
export function jsonFloat(value: unknown): number {
  if (typeof value === "number") return value;
  if (value === "Infinity") return Infinity;
  if (value === "-Infinity") return -Infinity;
  if (value === "NaN") return NaN;
  if (typeof value === "bigint") return Number(value);
  throw new TypeError(`expected a number, got ${JSON.stringify(value)}`);
}

/** An n-dimensional array of one dtype, in C order. */
export class NDArray<D extends DType = DType> {
  readonly dtype: D;
  readonly shape: readonly number[];
  readonly data: DataOf[D];

  constructor(dtype: D, shape: readonly number[], data?: DataOf[D]) {
    const size = shape.reduce((a, b) => a * b, 1);
    this.dtype = dtype;
    this.shape = Object.freeze([...shape]);
    this.data = data ?? (DTYPES[dtype].make(size) as DataOf[D]);
    if (this.data.length !== size) {
      throw new RangeError(`an array of shape [${shape}] holds ${size} elements, not ${this.data.length}`);
    }
  }

  get size(): number {
    return this.data.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** The element at a flat (C-order) index as a number (a boolean for bool arrays). */
  item(index: number): number | boolean {
    const v = this.data[index];
    if (v === undefined) throw new RangeError(`index ${index} out of range for ${this.size} elements`);
    if (this.dtype === "bool") return v !== 0;
    return typeof v === "bigint" ? Number(v) : (v as number);
  }

  /** The element at a multi-dimensional index. */
  at(...index: number[]): number | boolean {
    if (index.length !== this.shape.length) {
      throw new RangeError(`${index.length} indices for an array of ${this.shape.length} dimensions`);
    }
    let flat = 0;
    for (let axis = 0; axis < index.length; axis++) {
      const i = index[axis]!;
      const extent = this.shape[axis]!;
      if (!Number.isInteger(i) || i < 0 || i >= extent) throw new RangeError(`index ${i} out of range for axis ${axis}`);
      flat = flat * extent + i;
    }
    return this.item(flat);
  }

  /** Nested lists, as numpy's `tolist()`: numbers (bigints beyond 2**53), booleans for bool. */
  toList(): NestedList {
    const element = (i: number): NestedList => {
      const v = this.data[i]!;
      if (this.dtype === "bool") return v !== 0;
      if (typeof v === "bigint") return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;
      return v as number;
    };
    let next = 0;
    const build = (axis: number): NestedList => {
      if (axis === this.shape.length) return element(next++);
      const out: NestedList[] = [];
      for (let i = 0; i < this.shape[axis]!; i++) out.push(build(axis + 1));
      return out;
    };
    return build(0);
  }

  /** The elements as plain numbers (bool as 0/1), in C order. */
  toNumbers(): number[] {
    return Array.from(this.data as ArrayLike<number | bigint>, (v) => Number(v));
  }

  toString(): string {
    return `NDArray(${this.dtype}, [${this.shape.join(", ")}])`;
  }

  /**
   * An array of `dtype` from nested lists (numbers, booleans, bigints, or the API's
   * `"Infinity"`/`"-Infinity"`/`"NaN"` strings). With `shape`, the list must have that shape;
   * without, its nesting gives it (a number is a 0-d array).
   */
  static fromList<D extends DType>(value: unknown, dtype: D, shape?: readonly number[]): NDArray<D> {
    const found: number[] = [];
    const flat: unknown[] = [];
    const walk = (v: unknown, depth: number): void => {
      if (Array.isArray(v)) {
        if (found.length === depth) found.push(v.length);
        else if (found[depth] !== v.length) throw new TypeError("a ragged nested list is not an array");
        for (const e of v) walk(e, depth + 1);
      } else {
        if (depth !== found.length) throw new TypeError("a ragged nested list is not an array");
        flat.push(v);
      }
    };
    walk(value, 0);
    if (found.includes(0)) {
      // An empty axis: the nesting below it is unknown, so trust `shape` if given.
    } else if (shape && (shape.length !== found.length || shape.some((d, i) => d !== found[i]))) {
      throw new TypeError(`a list of shape [${found}] is not of shape [${shape}]`);
    }
    const array = new NDArray(dtype, shape ?? found);
    const data = array.data as unknown as { [i: number]: number | bigint };
    flat.forEach((v, i) => {
      data[i] = convertElement(v, dtype);
    });
    return array;
  }

  /** A 1-d (or `shape`d) array viewing a typed array of its own dtype. */
  static from(data: TypedArray, shape?: readonly number[]): NDArray {
    return new NDArray(dtypeOfTypedArray(data), shape ?? [data.length], data as never);
  }
}

function convertElement(v: unknown, dtype: DType): number | bigint {
  if (typeof v === "boolean") v = v ? 1 : 0;
  if (isBigDType(dtype)) {
    if (typeof v === "bigint") return v;
    if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
    throw new TypeError(`${JSON.stringify(v)} is not an integer for ${dtype}`);
  }
  const n = jsonFloat(v);
  if (!isFloatDType(dtype) && !Number.isInteger(n)) throw new TypeError(`${JSON.stringify(v)} is not an integer for ${dtype}`);
  return n;
}

export function dtypeOfTypedArray(data: TypedArray): DType {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Float64Array) return "float64";
  if (data instanceof Int8Array) return "int8";
  if (data instanceof Uint8Array) return "uint8";
  if (data instanceof Int16Array) return "int16";
  if (data instanceof Uint16Array) return "uint16";
  if (data instanceof Int32Array) return "int32";
  if (data instanceof Uint32Array) return "uint32";
  if (data instanceof BigInt64Array) return "int64";
  if (data instanceof BigUint64Array) return "uint64";
  throw new TypeError("not a typed array numpy has a dtype for");
}

/** The MessagePack extension type of an ndarray. */
export const NDARRAY_EXT = 1;

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The payload of the ndarray extension for `array`. */
export function encodeNDArray(array: NDArray): Uint8Array {
  const info = DTYPES[array.dtype];
  const header = 2 + 4 * array.shape.length;
  const out = new Uint8Array(header + array.size * info.itemsize);
  const view = new DataView(out.buffer);
  out[0] = info.code;
  out[1] = array.shape.length;
  array.shape.forEach((extent, i) => view.setUint32(2 + 4 * i, extent, true));
  const bytes = new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength);
  out.set(bytes, header);
  if (!littleEndianHost) swapBytes(out.subarray(header), info.itemsize);
  return out;
}

/** The array an ndarray extension payload holds (a copy, aligned for its dtype). */
export function decodeNDArray(payload: Uint8Array): NDArray {
  if (payload.length < 2) throw new RangeError("an ndarray payload needs at least 2 bytes");
  const dtype = DTYPE_OF_CODE.get(payload[0]!);
  if (dtype === undefined) throw new RangeError(`unknown ndarray dtype code ${payload[0]}`);
  const ndim = payload[1]!;
  const header = 2 + 4 * ndim;
  if (payload.length < header) throw new RangeError("truncated ndarray header");
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < ndim; i++) shape.push(view.getUint32(2 + 4 * i, true));
  const info = DTYPES[dtype];
  const size = shape.reduce((a, b) => a * b, 1);
  if (payload.length - header !== size * info.itemsize) {
    throw new RangeError(`an ndarray of shape [${shape}] ${dtype} needs ${size * info.itemsize} bytes`);
  }
  // A copy: the payload sits at an arbitrary offset in the message, typed arrays need alignment.
  const buffer = new ArrayBuffer(size * info.itemsize);
  const bytes = new Uint8Array(buffer);
  bytes.set(payload.subarray(header));
  if (!littleEndianHost) swapBytes(bytes, info.itemsize);
  return new NDArray(dtype, shape, info.make(buffer, 0) as never);
}

function swapBytes(bytes: Uint8Array, itemsize: number): void {
  if (itemsize === 1) return;
  for (let i = 0; i < bytes.length; i += itemsize) bytes.subarray(i, i + itemsize).reverse();
}
