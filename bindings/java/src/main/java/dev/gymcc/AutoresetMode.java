package dev.gymcc;

/** gymnasium's autoreset modes (gymnasium.vector.AutoresetMode). */
public enum AutoresetMode {
  NEXT_STEP("NextStep"),
  SAME_STEP("SameStep"),
  DISABLED("Disabled");

  private final String wireName;

  AutoresetMode(String wireName) {
    this.wireName = wireName;
  }

  /** gymnasium's name: "NextStep", "SameStep" or "Disabled". */
  public String wireName() {
    return wireName;
  }

  /** The mode of a gymnasium name. */
  public static AutoresetMode of(String wireName) {
    for (AutoresetMode m : values()) {
      if (m.wireName.equals(wireName)) return m;
    }
    throw new IllegalArgumentException("gymcc: unknown autoreset mode " + wireName);
  }
}
