package dev.gymcc;

import java.util.LinkedHashMap;
import java.util.Map;

/** gymnasium.make's arguments besides the id; immutable, each setter returns a copy. */
public final class MakeOptions {
  final Map<String, Object> kwargs;
  final String renderMode;
  final Integer maxEpisodeSteps;

  private MakeOptions(Map<String, Object> kwargs, String renderMode, Integer maxEpisodeSteps) {
    this.kwargs = kwargs;
    this.renderMode = renderMode;
    this.maxEpisodeSteps = maxEpisodeSteps;
  }

  /** No kwargs, no render mode, the registered time limit. */
  public static MakeOptions defaults() {
    return new MakeOptions(null, null, null);
  }

  /** The env's constructor arguments, e.g. {@code Map.of("sutton_barto_reward", true)}. */
  public MakeOptions kwargs(Map<String, ?> kwargs) {
    return new MakeOptions(kwargs == null ? null : new LinkedHashMap<>(kwargs), renderMode, maxEpisodeSteps);
  }

  /** "rgb_array", "ansi", ...; the server validates it. */
  public MakeOptions renderMode(String renderMode) {
    return new MakeOptions(kwargs, renderMode, maxEpisodeSteps);
  }

  /** Replaces the registered time limit; -1 removes it; null keeps it. */
  public MakeOptions maxEpisodeSteps(Integer maxEpisodeSteps) {
    return new MakeOptions(kwargs, renderMode, maxEpisodeSteps);
  }

  Map<String, Object> fields(String envId) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("env_id", envId);
    if (kwargs != null) fields.put("kwargs", kwargs);
    if (renderMode != null) fields.put("render_mode", renderMode);
    if (maxEpisodeSteps != null) fields.put("max_episode_steps", maxEpisodeSteps);
    return fields;
  }
}
