package dev.gymcc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * gymnasium's Dict(spaces): elements are maps with one element of each space, keys sorted as
 * gymnasium sorts them (seeding follows that order).
 */
public final class Dict extends Space {
  private final Map<String, Space> spaces;

  public Dict(Map<String, Space> spaces) {
    List<String> keys = new ArrayList<>(spaces.keySet());
    Collections.sort(keys);
    Map<String, Space> sorted = new LinkedHashMap<>();
    for (String k : keys) sorted.put(k, spaces.get(k));
    this.spaces = Collections.unmodifiableMap(sorted);
  }

  /** The children, in key order. */
  public Map<String, Space> spaces() {
    return spaces;
  }

  @Override
  public String kind() {
    return "Dict";
  }

  @Override
  public int[] shape() {
    return null;
  }

  @Override
  public DType dtype() {
    return null;
  }

  @Override
  public void seed(BigInteger seed) {
    super.seed(seed);
    Tuple.seedChildren(this, seed, new ArrayList<>(spaces.values()));
  }

  @Override
  public Map<String, Object> sample() {
    Map<String, Object> out = new LinkedHashMap<>();
    spaces.forEach((k, child) -> out.put(k, child.sample()));
    return out;
  }

  @Override
  public boolean contains(Object x) {
    if (!(x instanceof Map<?, ?> m) || m.size() != spaces.size()) return false;
    for (Map.Entry<String, Space> e : spaces.entrySet()) {
      if (!m.containsKey(e.getKey()) || !e.getValue().contains(m.get(e.getKey()))) return false;
    }
    return true;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> children = new LinkedHashMap<>();
    spaces.forEach((k, child) -> children.put(k, child.describe()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", "Dict");
    out.put("shape", null);
    out.put("spaces", children);
    return out;
  }

  @Override
  public String toString() {
    return "Dict(" + spaces.entrySet().stream().map(e -> "'" + e.getKey() + "': " + e.getValue())
        .collect(Collectors.joining(", ")) + ")";
  }
}
