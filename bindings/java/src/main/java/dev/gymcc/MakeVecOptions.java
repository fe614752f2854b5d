package dev.gymcc;

import java.util.LinkedHashMap;
import java.util.Map;

/** gymnasium.make_vec's arguments besides the id and the number of envs; immutable. */
public final class MakeVecOptions {
  final String autoresetMode;
  final Map<String, Object> kwargs;
  final Integer maxEpisodeSteps;

  private MakeVecOptions(String autoresetMode, Map<String, Object> kwargs, Integer maxEpisodeSteps) {
    this.autoresetMode = autoresetMode;
    this.kwargs = kwargs;
    this.maxEpisodeSteps = maxEpisodeSteps;
  }

  /** NextStep autoreset, no kwargs, the registered time limit. */
  public static MakeVecOptions defaults() {
    return new MakeVecOptions(AutoresetMode.NEXT_STEP.wireName(), null, null);
  }

  public MakeVecOptions autoresetMode(AutoresetMode mode) {
    return new MakeVecOptions(mode.wireName(), kwargs, maxEpisodeSteps);
  }

  /** A mode by gymnasium's name, sent as is (the server refuses an unknown one: 400 invalid_argument). */
  public MakeVecOptions autoresetMode(String wireName) {
    return new MakeVecOptions(wireName, kwargs, maxEpisodeSteps);
  }

  /** Every sub-env's constructor arguments. */
  public MakeVecOptions kwargs(Map<String, ?> kwargs) {
    return new MakeVecOptions(autoresetMode, kwargs == null ? null : new LinkedHashMap<>(kwargs), maxEpisodeSteps);
  }

  /** Replaces each sub-env's registered time limit; -1 removes it; null keeps it. */
  public MakeVecOptions maxEpisodeSteps(Integer maxEpisodeSteps) {
    return new MakeVecOptions(autoresetMode, kwargs, maxEpisodeSteps);
  }
}
