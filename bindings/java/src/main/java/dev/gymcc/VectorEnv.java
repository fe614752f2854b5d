package dev.gymcc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * numEnvs copies of one env stepped by one call, with the semantics of
 * {@code gymnasium.make_vec(id, num_envs, vectorization_mode="sync")} (docs/fast-paths.md).
 * actionSpace()/observationSpace() are the batched spaces (a Discrete env's actions are a
 * MultiDiscrete); the single ones are one sub-env's.
 */
public final class VectorEnv implements AutoCloseable {
  private final Transport transport;
  private final String instanceId;
  private final String envId;
  private final int numEnvs;
  private final AutoresetMode autoresetMode;
  private final Space actionSpace;
  private final Space observationSpace;
  private final Space singleActionSpace;
  private final Space singleObservationSpace;
  private volatile boolean closed;

  private VectorEnv(Transport transport, String instanceId, String envId, int numEnvs, AutoresetMode mode,
      Map<String, Object> spaces) {
    this.transport = transport;
    this.instanceId = instanceId;
    this.envId = envId;
    this.numEnvs = numEnvs;
    this.autoresetMode = mode;
    this.actionSpace = Env.space(spaces, "action_space");
    this.observationSpace = Env.space(spaces, "observation_space");
    this.singleActionSpace = Env.space(spaces, "single_action_space");
    this.singleObservationSpace = Env.space(spaces, "single_observation_space");
  }

  static VectorEnv make(Transport transport, String envId, int numEnvs, MakeVecOptions options) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("env_id", envId);
    if (options.kwargs != null) fields.put("kwargs", options.kwargs);
    if (options.maxEpisodeSteps != null) fields.put("max_episode_steps", options.maxEpisodeSteps);
    fields.put("num_envs", numEnvs);
    fields.put("autoreset_mode", options.autoresetMode);
    String id = Env.instanceId(transport.call("make_vec", fields, true));
    try {
      return new VectorEnv(transport, id, envId, numEnvs, AutoresetMode.of(options.autoresetMode),
          transport.call("spaces", Map.of("instance_id", id), true));
    } catch (RuntimeException e) {
      Env.closeQuietly(transport, id, true);
      throw e;
    }
  }

  /** A vector env made on the server from a snapshot (POST /v1/vector_envs/ with {"state"}). */
  static VectorEnv fromState(Transport transport, Map<String, ?> state) {
    if (state == null) throw new IllegalArgumentException("gymcc: no state to make a vector env from");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("state", state);
    String id = Env.instanceId(transport.call("make_vec", fields, true));
    try {
      // The server took the state, so its env id, num_envs and autoreset mode are the new env's.
      return new VectorEnv(transport, id, String.valueOf(state.get("env_id")), (int) Json.toLong(state.get("num_envs")),
          AutoresetMode.of(String.valueOf(state.get("autoreset_mode"))), transport.call("spaces", Map.of("instance_id", id), true));
    } catch (RuntimeException e) {
      Env.closeQuietly(transport, id, true);
      throw e;
    }
  }

  public String instanceId() {
    return instanceId;
  }

  public String envId() {
    return envId;
  }

  public int numEnvs() {
    return numEnvs;
  }

  public AutoresetMode autoresetMode() {
    return autoresetMode;
  }

  public Space actionSpace() {
    return actionSpace;
  }

  public Space observationSpace() {
    return observationSpace;
  }

  public Space singleActionSpace() {
    return singleActionSpace;
  }

  public Space singleObservationSpace() {
    return singleObservationSpace;
  }

  private void checkOpen() {
    if (closed) throw new ClosedException(this.toString());
  }

  /** Resets every sub-env, each stream going on. */
  public VectorResetResult reset() {
    return resetWith(null, null);
  }

  /** Sub-env i gets the seed seed + i. */
  public VectorResetResult reset(long seed) {
    return resetWith(BigInteger.valueOf(seed), null);
  }

  /** Sub-env i gets seed + i (null: its stream goes on); options go to every sub-env. */
  public VectorResetResult reset(BigInteger seed, Map<String, ?> options) {
    return resetWith(seed, options);
  }

  /**
   * One seed per sub-env (null entries: that sub-env's stream goes on); options go to every
   * sub-env, "reset_mask" (a boolean list of numEnvs) resets only those marked.
   */
  public VectorResetResult reset(List<BigInteger> seeds, Map<String, ?> options) {
    return resetWith(seeds == null ? null : new ArrayList<>(seeds), options);
  }

  private VectorResetResult resetWith(Object seed, Map<String, ?> options) {
    checkOpen();
    return resetResult(transport.call("reset", Env.resetFields(instanceId, seed, options), true));
  }

  /**
   * Steps every sub-env: actions is an element of actionSpace() — an NDArray (e.g.
   * actionSpace().sample()), a Java array ({@code new int[] {0, 1, 1}}) or a List.
   */
  public VectorStepResult step(Object actions) {
    checkOpen();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("instance_id", instanceId);
    fields.put("actions", actions);
    Map<String, Object> reply = transport.call("step", fields, true);
    return new VectorStepResult(
        Env.toObservation(observationSpace, reply.get("observations")),
        Json.flatDoubles(reply.get("rewards")),
        flags(reply.get("terminated")),
        flags(reply.get("truncated")),
        infos(reply.get("infos")));
  }

  /** gymnasium's batched infos; SameStep's "final_obs" in the single space's types. */
  private Map<String, Object> infos(Object value) {
    Map<String, Object> infos = Env.infoOf(value);
    if (!(infos.get("final_obs") instanceof List<?> finals)) return infos;
    List<Object> converted = new ArrayList<>(finals.size());
    for (Object obs : finals) converted.add(obs == null ? null : Env.toObservation(singleObservationSpace, obs));
    Map<String, Object> out = new LinkedHashMap<>(infos);
    out.put("final_obs", converted);
    return out;
  }

  private static boolean[] flags(Object value) {
    if (!(value instanceof List<?> list)) {
      throw new GymccException(200, "invalid_reply", "expected a list of flags, got " + value);
    }
    boolean[] out = new boolean[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Boolean b)) {
        throw new GymccException(200, "invalid_reply", "expected a flag, got " + list.get(i));
      }
      out[i] = b;
    }
    return out;
  }

  /**
   * The whole vector env's state (docs/snapshots.md: the {@code gymcc.vector_env_state} format,
   * every sub-env and the last step's flags) as decoded JSON, as {@link Env#getState} gives a
   * single env's: for {@link #setState}, {@link GymccClient#makeVecFromState} or storage. A
   * vector env whose sub-envs were built differently (FrozenLake with generated maps) has none:
   * {@link InvalidStateException}; snapshot its sub-envs with {@link #getState(int)}.
   */
  public Map<String, Object> getState() {
    checkOpen();
    return Env.stateOf(transport.call("get_state", Map.of("instance_id", instanceId), true));
  }

  /**
   * Sub-env {@code index}'s state as a single env's ({@code gymcc.env_state}):
   * {@link GymccClient#makeFromState} makes a standalone env of it. An index that names no
   * sub-env is an {@link InstanceNotFoundException} ({@code sub_env_not_found}).
   */
  public Map<String, Object> getState(int index) {
    checkOpen();
    return Env.stateOf(transport.call("get_state", indexFields(index), true));
  }

  /**
   * Restores a state from {@link #getState()} of a vector env of the same env id, kwargs, time
   * limit, numEnvs and autoreset mode (all or nothing: a refused state is an
   * {@link InvalidStateException} and changes nothing); returns every sub-env's observation and
   * info.
   */
  public VectorResetResult setState(Map<String, ?> state) {
    checkOpen();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("instance_id", instanceId);
    fields.put("state", state);
    return resetResult(transport.call("set_state", fields, true));
  }

  /**
   * Restores a single env's state (from {@link #getState(int)} or {@link Env#getState} of an env
   * made like the sub-envs) into sub-env {@code index}, clearing its flags as a masked reset
   * does; returns every sub-env's observation and info.
   */
  public VectorResetResult setState(int index, Map<String, ?> state) {
    checkOpen();
    Map<String, Object> fields = indexFields(index);
    fields.put("state", state);
    return resetResult(transport.call("set_state", fields, true));
  }

  /**
   * A new vector env in this one's state (the API's clone), on the same transport, with spaces
   * of its own; it counts against the server's limits like a makeVec. Close it when done.
   */
  public VectorEnv copy() {
    checkOpen();
    String id = Env.instanceId(transport.call("clone", Map.of("instance_id", instanceId), true));
    Map<String, Object> spaces = new LinkedHashMap<>();
    spaces.put("action_space", actionSpace.describe());
    spaces.put("observation_space", observationSpace.describe());
    spaces.put("single_action_space", singleActionSpace.describe());
    spaces.put("single_observation_space", singleObservationSpace.describe());
    return new VectorEnv(transport, id, envId, numEnvs, autoresetMode, spaces);
  }

  private Map<String, Object> indexFields(int index) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("instance_id", instanceId);
    fields.put("index", index);
    return fields;
  }

  private VectorResetResult resetResult(Map<String, Object> reply) {
    return new VectorResetResult(Env.toObservation(observationSpace, reply.get("observations")), infos(reply.get("infos")));
  }

  /** Deletes the vector env on the server; closing twice is fine. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    Env.closeInstance(transport, instanceId, true);
  }

  @Override
  public String toString() {
    return "VectorEnv(" + envId + " x" + numEnvs + " " + autoresetMode.wireName() + " " + instanceId + ")";
  }
}
