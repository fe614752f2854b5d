package dev.gymcc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** gymnasium's Tuple(spaces): elements are lists with one element of each space. */
public final class Tuple extends Space {
  private final List<Space> spaces;

  public Tuple(List<Space> spaces) {
    this.spaces = List.copyOf(spaces);
  }

  public List<Space> spaces() {
    return spaces;
  }

  @Override
  public String kind() {
    return "Tuple";
  }

  @Override
  public int[] shape() {
    return null;
  }

  @Override
  public DType dtype() {
    return null;
  }

  /** gymnasium's seeding: one sub-seed per child, integers(2**31 - 1) from this space's generator. */
  @Override
  public void seed(BigInteger seed) {
    super.seed(seed);
    seedChildren(this, seed, spaces);
  }

  static void seedChildren(Space parent, BigInteger seed, List<Space> children) {
    if (seed == null) {
      for (Space child : children) child.seed(null);
      return;
    }
    long[] subseeds = new long[children.size()];
    for (int i = 0; i < subseeds.length; i++) subseeds[i] = parent.random().integers(0, (1L << 31) - 1);
    for (int i = 0; i < subseeds.length; i++) children.get(i).seed(BigInteger.valueOf(subseeds[i]));
  }

  @Override
  public List<Object> sample() {
    List<Object> out = new ArrayList<>(spaces.size());
    for (Space child : spaces) out.add(child.sample());
    return out;
  }

  @Override
  public boolean contains(Object x) {
    if (!(x instanceof List<?> list) || list.size() != spaces.size()) return false;
    for (int i = 0; i < spaces.size(); i++) {
      if (!spaces.get(i).contains(list.get(i))) return false;
    }
    return true;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", "Tuple");
    out.put("shape", null);
    out.put("spaces", spaces.stream().map(Space::describe).collect(Collectors.toList()));
    return out;
  }

  @Override
  public String toString() {
    return "Tuple(" + spaces.stream().map(Space::toString).collect(Collectors.joining(", ")) + ")";
  }
}
