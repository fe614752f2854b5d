package dev.gymcc;

/** A numpy dtype, as the API names it. */
public enum DType {
  BOOL("bool", 1),
  INT8("int8", 1),
  UINT8("uint8", 1),
  INT16("int16", 2),
  UINT16("uint16", 2),
  INT32("int32", 4),
  UINT32("uint32", 4),
  INT64("int64", 8),
  UINT64("uint64", 8),
  FLOAT32("float32", 4),
  FLOAT64("float64", 8);

  private final String numpyName;
  private final int itemsize;

  DType(String numpyName, int itemsize) {
    this.numpyName = numpyName;
    this.itemsize = itemsize;
  }

  /** numpy's name: "float32", "int64", ... */
  public String numpyName() {
    return numpyName;
  }

  /** Bytes per element. */
  public int itemsize() {
    return itemsize;
  }

  public boolean isFloat() {
    return this == FLOAT32 || this == FLOAT64;
  }

  /** The dtype of a numpy name; throws IllegalArgumentException for an unknown one. */
  public static DType of(String numpyName) {
    for (DType d : values()) {
      if (d.numpyName.equals(numpyName)) return d;
    }
    throw new IllegalArgumentException("gymcc: unknown dtype " + numpyName);
  }

  /** numpy's safe cast rule (np.can_cast(from, to)) between the API's dtypes. */
  public boolean canCastTo(DType to) {
    if (this == to || this == BOOL) return true;
    switch (this) {
      case INT8:
        return to == INT16 || to == INT32 || to == INT64 || to == FLOAT32 || to == FLOAT64;
      case UINT8:
        return to != INT8 && to != BOOL;
      case INT16:
        return to == INT32 || to == INT64 || to == FLOAT32 || to == FLOAT64;
      case UINT16:
        return to == INT32 || to == UINT32 || to == INT64 || to == UINT64 || to == FLOAT32 || to == FLOAT64;
      case INT32:
        return to == INT64 || to == FLOAT64;
      case UINT32:
        return to == INT64 || to == UINT64 || to == FLOAT64;
      case INT64:
      case UINT64:
      case FLOAT32:
        return to == FLOAT64;
      default:
        return false;
    }
  }

  @Override
  public String toString() {
    return numpyName;
  }
}
