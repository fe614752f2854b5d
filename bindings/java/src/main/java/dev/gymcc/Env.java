package dev.gymcc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One environment instance on a server, made by {@link GymccClient#make} (REST) or
 * {@link Session#make} (WebSocket); {@link #close()} deletes it. Results come back in
 * gymnasium's types as Java has them: Discrete observations as Long, Box ones as
 * {@link NDArray} of the space's dtype, Tuple ones as List, Dict ones as Map; infos as decoded
 * JSON (Long, Double, Boolean, String, List, Map). Use an Env from one thread at a time;
 * different Envs may step concurrently.
 */
public final class Env implements AutoCloseable {
  private final Transport transport;
  private final String instanceId;
  private final String envId;
  private final Space actionSpace;
  private final Space observationSpace;
  private volatile boolean closed;

  private Env(Transport transport, String instanceId, String envId, Space actionSpace, Space observationSpace) {
    this.transport = transport;
    this.instanceId = instanceId;
    this.envId = envId;
    this.actionSpace = actionSpace;
    this.observationSpace = observationSpace;
  }

  static Env make(Transport transport, String envId, MakeOptions options) {
    String id = instanceId(transport.call("make", options.fields(envId), false));
    try {
      Map<String, Object> spaces = transport.call("spaces", Map.of("instance_id", id), false);
      return new Env(transport, id, envId, space(spaces, "action_space"), space(spaces, "observation_space"));
    } catch (RuntimeException e) {
      closeQuietly(transport, id, false);
      throw e;
    }
  }

  /** An env made on the server from a snapshot (POST /v1/envs/ with {"state"}). */
  static Env fromState(Transport transport, Map<String, ?> state) {
    if (state == null) throw new IllegalArgumentException("gymcc: no state to make an env from");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("state", state);
    String id = instanceId(transport.call("make", fields, false));
    try {
      Map<String, Object> spaces = transport.call("spaces", Map.of("instance_id", id), false);
      return new Env(transport, id, String.valueOf(state.get("env_id")), space(spaces, "action_space"),
          space(spaces, "observation_space"));
    } catch (RuntimeException e) {
      closeQuietly(transport, id, false);
      throw e;
    }
  }

  static String instanceId(Map<String, Object> created) {
    if (!(created.get("instance_id") instanceof String id)) {
      throw new GymccException(200, "invalid_reply", "the server answered no instance_id: " + created);
    }
    return id;
  }

  @SuppressWarnings("unchecked")
  static Space space(Map<String, Object> spaces, String name) {
    if (!(spaces.get(name) instanceof Map<?, ?> description)) {
      throw new GymccException(200, "invalid_reply", "the server described no " + name);
    }
    return Space.fromDescription((Map<String, Object>) description);
  }

  static void closeQuietly(Transport transport, String id, boolean vector) {
    try {
      transport.call("close", Map.of("instance_id", id), vector);
    } catch (RuntimeException ignored) {
      // The instance is already failing; the first error is the one to report.
    }
  }

  /** The server's id of the instance. */
  public String instanceId() {
    return instanceId;
  }

  /** The id it was made from, e.g. "CartPole-v1". */
  public String envId() {
    return envId;
  }

  public Space actionSpace() {
    return actionSpace;
  }

  public Space observationSpace() {
    return observationSpace;
  }

  private void checkOpen() {
    if (closed) throw new ClosedException(this.toString());
  }

  static Map<String, Object> resetFields(String id, Object seed, Map<String, ?> options) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("instance_id", id);
    if (seed != null) fields.put("seed", seed);
    if (options != null) fields.put("options", options);
    return fields;
  }

  /** gymnasium's reset(): the stream goes on. */
  public ResetResult reset() {
    return reset(null, null);
  }

  /** gymnasium's reset(seed=seed). */
  public ResetResult reset(long seed) {
    return reset(BigInteger.valueOf(seed), null);
  }

  /** gymnasium's reset(seed=, options=); a null seed continues the stream. */
  public ResetResult reset(BigInteger seed, Map<String, ?> options) {
    checkOpen();
    Map<String, Object> reply = transport.call("reset", resetFields(instanceId, seed, options), false);
    return new ResetResult(toObservation(observationSpace, reply.get("observation")), infoOf(reply.get("info")));
  }

  /**
   * gymnasium's step(action). The action is an element of the action space: a number for
   * Discrete, an NDArray / double[] / float[] / List for Box, actionSpace().sample()'s result,
   * or any JSON-like value (the server checks it as gymnasium does).
   */
  public StepResult step(Object action) {
    checkOpen();
    return stepResult(transport.call("step", stepFields(action), false));
  }

  /**
   * Starts a step without waiting for it. On a session env the request is sent at once, so
   * steps of many envs are in flight together; over REST the step completes before this returns.
   */
  public CompletableFuture<StepResult> stepAsync(Object action) {
    checkOpen();
    return transport.callAsync("step", stepFields(action), false).thenApply(this::stepResult);
  }

  private Map<String, Object> stepFields(Object action) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("instance_id", instanceId);
    fields.put("action", action);
    return fields;
  }

  private StepResult stepResult(Map<String, Object> reply) {
    return new StepResult(
        toObservation(observationSpace, reply.get("observation")),
        Json.toDouble(reply.get("reward")),
        Boolean.TRUE.equals(reply.get("terminated")),
        Boolean.TRUE.equals(reply.get("truncated")),
        infoOf(reply.get("info")));
  }

  /**
   * The instance's complete state (docs/snapshots.md: the {@code gymcc.env_state} format) as
   * decoded JSON — Long, Double, Boolean, String, List, Map; the 128-bit generator values are
   * decimal strings — for {@link #setState}, {@link GymccClient#makeFromState} (on this server or
   * another of the same version) or storage: encoded back to JSON it is exactly what the server
   * sent. After a restore the same actions give exactly the same results.
   */
  public Map<String, Object> getState() {
    checkOpen();
    return stateOf(transport.call("get_state", Map.of("instance_id", instanceId), false));
  }

  /**
   * Restores a state from {@link #getState} of an env of the same id, kwargs and time limit,
   * and returns the restored observation and info. A malformed, foreign or tampered state is an
   * {@link InvalidStateException}, and the env is left as it was.
   */
  public ResetResult setState(Map<String, ?> state) {
    checkOpen();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("instance_id", instanceId);
    fields.put("state", state);
    Map<String, Object> reply = transport.call("set_state", fields, false);
    return new ResetResult(toObservation(observationSpace, reply.get("observation")), infoOf(reply.get("info")));
  }

  /**
   * A new instance in this one's state (the API's clone): the same actions give both the same
   * results from here on. It is made on the same transport (a session's copy belongs to the
   * session), counts against the server's limits like a make, and has spaces of its own (its
   * own sampling generator); close it when done.
   */
  public Env copy() {
    checkOpen();
    String id = instanceId(transport.call("clone", Map.of("instance_id", instanceId), false));
    return new Env(transport, id, envId, Space.fromDescription(actionSpace.describe()),
        Space.fromDescription(observationSpace.describe()));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> stateOf(Map<String, Object> reply) {
    if (!(reply.get("state") instanceof Map<?, ?> state)) {
      throw new GymccException(200, "invalid_reply", "the server answered no state: " + reply);
    }
    return (Map<String, Object>) state;
  }

  /** Deletes the instance on the server; closing twice, or an instance already gone, is fine. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    closeInstance(transport, instanceId, false);
  }

  static void closeInstance(Transport transport, String id, boolean vector) {
    try {
      transport.call("close", Map.of("instance_id", id), vector);
    } catch (GymccException e) {
      if (e.status() != 404) throw e;
    } catch (ClosedException sessionClosed) {
      // The server closed the session's instances with it.
    }
  }

  @Override
  public String toString() {
    return "Env(" + envId + " " + instanceId + ")";
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> infoOf(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
  }

  /** A decoded observation (nested lists) in the space's types. */
  static Object toObservation(Space space, Object value) {
    if (space instanceof Discrete) return Json.toLong(value);
    if (space instanceof Box || space instanceof MultiDiscrete || space instanceof MultiBinary) {
      if (value instanceof NDArray a) return a;
      return NDArray.fromList(value, space.dtype(), space.shape());
    }
    if (space instanceof Tuple t) {
      if (!(value instanceof List<?> list) || list.size() != t.spaces().size()) {
        throw new GymccException(200, "invalid_reply", "a Tuple observation must be a list of " + t.spaces().size() + ": " + value);
      }
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) out.add(toObservation(t.spaces().get(i), list.get(i)));
      return out;
    }
    if (space instanceof Dict d) {
      if (!(value instanceof Map<?, ?> m)) {
        throw new GymccException(200, "invalid_reply", "a Dict observation must be an object: " + value);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      d.spaces().forEach((k, child) -> out.put(k, toObservation(child, m.get(k))));
      return out;
    }
    throw new IllegalStateException("gymcc: no observation type for " + space);
  }
}
