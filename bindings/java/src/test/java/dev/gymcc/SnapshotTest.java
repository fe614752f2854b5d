package dev.gymcc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Snapshots against a live gymcc serve, over REST and both session encodings: a state taken
 * mid-episode, restored, cloned and made into a new env, must continue with exactly the results
 * the original gave (whole step results compared, resets included).
 */
class SnapshotTest {
  private static final Json JSON = new Json();
  private static ServerProcess server;
  private static GymccClient client;

  @BeforeAll
  static void start() throws Exception {
    server = new ServerProcess();
    client = GymccClient.create(server.url);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  /** Makes envs on the client (REST) or on a session. */
  private interface Maker {
    Env make(String envId, MakeOptions options);

    Env makeFromState(Map<String, ?> state);

    VectorEnv makeVec(String envId, int numEnvs, MakeVecOptions options);

    VectorEnv makeVecFromState(Map<String, ?> state);
  }

  private static Maker rest() {
    return new Maker() {
      public Env make(String envId, MakeOptions options) {
        return client.make(envId, options);
      }

      public Env makeFromState(Map<String, ?> state) {
        return client.makeFromState(state);
      }

      public VectorEnv makeVec(String envId, int numEnvs, MakeVecOptions options) {
        return client.makeVec(envId, numEnvs, options);
      }

      public VectorEnv makeVecFromState(Map<String, ?> state) {
        return client.makeVecFromState(state);
      }

      @Override
      public String toString() {
        return "REST";
      }
    };
  }

  private static Maker on(Session session, String name) {
    return new Maker() {
      public Env make(String envId, MakeOptions options) {
        return session.make(envId, options);
      }

      public Env makeFromState(Map<String, ?> state) {
        return session.makeFromState(state);
      }

      public VectorEnv makeVec(String envId, int numEnvs, MakeVecOptions options) {
        return session.makeVec(envId, numEnvs, options);
      }

      public VectorEnv makeVecFromState(Map<String, ?> state) {
        return session.makeVecFromState(state);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /** Runs a test body over REST, a MessagePack session and a JSON session. */
  private interface Body {
    void run(Maker maker) throws Exception;
  }

  private static void overEveryTransport(Body body) throws Exception {
    body.run(rest());
    try (Session msgpack = client.session(); Session json = client.session(Session.Encoding.JSON)) {
      body.run(on(msgpack, "MessagePack session"));
      body.run(on(json, "JSON session"));
    }
  }

  /** n actions drawn from a seeded copy of the space (the env's own space is left alone). */
  private static List<Object> actions(Space space, long seed, int n) {
    Space copy = Space.fromDescription(space.describe());
    copy.seed(seed);
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(copy.sample());
    return out;
  }

  /** Every step result, and after an episode's end the reset that continues the env's stream. */
  private static List<Object> run(Env env, List<Object> actions) {
    List<Object> out = new ArrayList<>();
    for (Object action : actions) {
      StepResult step = env.step(action);
      out.add(step);
      if (step.terminated() || step.truncated()) out.add(env.reset());
    }
    return out;
  }

  private static Object lastObservation(List<Object> results) {
    Object last = results.get(results.size() - 1);
    return last instanceof StepResult s ? s.observation() : ((ResetResult) last).observation();
  }

  /** A vector step as comparable values (its record holds arrays, which compare by identity). */
  private static List<Object> comparable(VectorStepResult step) {
    return List.of(step.observations(), Arrays.toString(step.rewards()), Arrays.toString(step.terminated()),
        Arrays.toString(step.truncated()), step.infos());
  }

  /** Vector steps; with autoreset Disabled, a masked reset of the sub-envs that ended. */
  private static List<Object> runVec(VectorEnv envs, List<Object> actions) {
    List<Object> out = new ArrayList<>();
    for (Object action : actions) {
      VectorStepResult step = envs.step(action);
      out.add(comparable(step));
      if (envs.autoresetMode() == AutoresetMode.DISABLED) {
        List<Boolean> mask = new ArrayList<>();
        for (int i = 0; i < envs.numEnvs(); i++) mask.add(step.terminated()[i] || step.truncated()[i]);
        if (mask.contains(true)) out.add(envs.reset((BigInteger) null, Map.of("reset_mask", mask)));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) assertInstanceOf(Map.class, value);
  }

  /** A deep copy through JSON, as a state stored and loaded again. */
  private static Map<String, Object> throughJson(Map<String, Object> state) {
    return map(JSON.decode(JSON.encode(state)));
  }

  private static void checkEnv(Maker maker, String envId, MakeOptions options, long seed) {
    String where = envId + " over " + maker;
    try (Env env = maker.make(envId, options)) {
      env.reset(seed);
      List<Object> before = run(env, actions(env.actionSpace(), seed, 9));
      Map<String, Object> state = env.getState();
      assertEquals("gymcc.env_state", state.get("format"), where);
      assertEquals(envId, state.get("env_id"), where);
      assertEquals(state, throughJson(state), where + ": the state survives JSON exactly");
      assertEquals(state, env.getState(), where + ": getState changes nothing");
      List<Object> actions = actions(env.actionSpace(), seed + 1, 60);
      try (Env copy = env.copy(); Env made = maker.makeFromState(throughJson(state));
          Env madeOverRest = client.makeFromState(state)) {
        assertNotEquals(env.instanceId(), copy.instanceId(), where);
        assertEquals(envId, copy.envId(), where);
        assertEquals(envId, made.envId(), where);
        assertEquals(env.actionSpace().toString(), made.actionSpace().toString(), where);
        List<Object> want = run(env, actions);
        assertNotEquals(state, env.getState(), where + ": the env moved on");
        assertEquals(want, run(copy, actions), where + ": the copy continues alike");
        assertEquals(want, run(made, actions), where + ": the env made from the state continues alike");
        assertEquals(want, run(madeOverRest, actions), where + ": a REST env made from the state continues alike");
        ResetResult restored = env.setState(state);
        assertEquals(lastObservation(before), restored.observation(), where + ": setState gives the restored observation");
        assertEquals(state, env.getState(), where + ": the restored state");
        assertEquals(want, run(env, actions), where + ": the restored env continues alike");
      }
    }
  }

  @Test
  void singleEnvsContinueExactly() throws Exception {
    overEveryTransport(maker -> {
      checkEnv(maker, "CartPole-v1", MakeOptions.defaults().maxEpisodeSteps(15), 1);
      checkEnv(maker, "FrozenLake-v1", MakeOptions.defaults(), 2); // slippery: the env's generator
      checkEnv(maker, "Taxi-v4", MakeOptions.defaults().kwargs(Map.of("is_rainy", true, "fickle_passenger", true)), 3);
      checkEnv(maker, "Blackjack-v1", MakeOptions.defaults(), 4);
      checkEnv(maker, "Pendulum-v1", MakeOptions.defaults().maxEpisodeSteps(20), 5); // float32 Box actions
      checkEnv(maker, "MountainCarContinuous-v0", MakeOptions.defaults().maxEpisodeSteps(25), 6);
      checkEnv(maker, "Acrobot-v1", MakeOptions.defaults().maxEpisodeSteps(30), 7);
    });
  }

  @Test
  void stateIsTheServersJson() throws Exception {
    try (Env env = client.make("CartPole-v1")) {
      env.reset(42);
      env.step(1);
      Map<String, Object> state = env.getState();
      HttpResponse<byte[]> raw = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(server.url + "/v1/envs/" + env.instanceId() + "/state/")).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, raw.statusCode());
      assertEquals(map(JSON.decode(raw.body())).get("state"), state);
      Map<String, Object> generator = map(map(state.get("np_random")).get("state"));
      // 128-bit PCG64 values are decimal strings: nothing is rounded on the way.
      assertInstanceOf(String.class, generator.get("state"));
      assertEquals(1L, map(state.get("time_limit")).get("elapsed_steps"));
      assertInstanceOf(Double.class, ((List<?>) map(state.get("env")).get("state")).get(0));
    }
  }

  @Test
  void refusedStates() throws Exception {
    overEveryTransport(maker -> {
      try (Env lake = maker.make("FrozenLake-v1", MakeOptions.defaults()); Env pole = maker.make("CartPole-v1", MakeOptions.defaults())) {
        lake.reset(9);
        pole.reset(9);
        run(lake, List.of(1L, 2L));
        Map<String, Object> poleState = pole.getState();
        InvalidStateException foreign = assertThrows(InvalidStateException.class, () -> lake.setState(poleState));
        assertEquals(400, foreign.status());
        assertEquals("invalid_state", foreign.code());
        assertTrue(foreign.detail().contains("env_id"), foreign.detail());

        Map<String, Object> tampered = throughJson(lake.getState());
        map(tampered.get("env")).put("s", 16L);
        InvalidStateException e = assertThrows(InvalidStateException.class, () -> lake.setState(tampered));
        assertTrue(e.detail().contains("state.env.s"), e.detail());
        assertInstanceOf(GymccException.class, e);
        assertThrows(InvalidStateException.class, () -> maker.makeFromState(tampered));
        assertThrows(InvalidStateException.class, () -> maker.makeFromState(Map.of("format", "gymcc.env_state", "version", 99)));

        Map<String, Object> otherKwargs = throughJson(lake.getState());
        map(otherKwargs.get("kwargs")).put("is_slippery", false);
        assertThrows(InvalidStateException.class, () -> lake.setState(otherKwargs));

        // A refused state leaves the env as it was.
        try (Env witness = maker.makeFromState(lake.getState())) {
          List<Object> actions = actions(lake.actionSpace(), 9, 30);
          assertEquals(run(witness, actions), run(lake, actions), "over " + maker);
        }
      }
    });
  }

  @Test
  void unknownInstances() throws Exception {
    overEveryTransport(maker -> {
      Env env = maker.make("CartPole-v1", MakeOptions.defaults());
      env.reset(1);
      Map<String, Object> state = env.getState();
      deleteUnderneath("/v1/envs/" + env.instanceId() + "/");
      InstanceNotFoundException e = assertThrows(InstanceNotFoundException.class, env::getState);
      assertEquals(404, e.status());
      assertEquals("instance_not_found", e.code());
      assertEquals("instance_not_found", assertThrows(InstanceNotFoundException.class, () -> env.setState(state)).code());
      assertEquals("instance_not_found", assertThrows(InstanceNotFoundException.class, env::copy).code());
      env.close();
      assertThrows(ClosedException.class, env::getState);
      assertThrows(ClosedException.class, env::copy);
    });
  }

  private static void deleteUnderneath(String path) throws Exception {
    HttpResponse<String> deleted = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.url + path)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, deleted.statusCode());
  }

  @Test
  void sessionCopiesBelongToTheSession() throws Exception {
    Session session = client.session();
    Env env = session.make("CartPole-v1");
    env.reset(3);
    Env copy = env.copy();
    Env made = session.makeFromState(env.getState());
    try (Env restCopy = client.makeFromState(env.getState())) {
      List<String> ids = List.of(copy.instanceId(), made.instanceId());
      assertTrue(client.listEnvs().keySet().containsAll(ids));
      session.close();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (ids.stream().anyMatch(client.listEnvs()::containsKey)) {
        assertTrue(System.nanoTime() < deadline, "the session's copies outlived it");
        Thread.sleep(20);
      }
      assertTrue(client.listEnvs().containsKey(restCopy.instanceId()), "a REST env is not the session's");
    }
  }

  private static void checkVector(Maker maker, AutoresetMode mode) {
    String where = mode + " over " + maker;
    MakeVecOptions options = MakeVecOptions.defaults().autoresetMode(mode).maxEpisodeSteps(12);
    try (VectorEnv envs = maker.makeVec("CartPole-v1", 3, options)) {
      envs.reset(11);
      runVec(envs, actions(envs.actionSpace(), 11, 14)); // past the first time limit: flags set
      Map<String, Object> state = envs.getState();
      assertEquals("gymcc.vector_env_state", state.get("format"), where);
      assertEquals(mode.wireName(), state.get("autoreset_mode"), where);
      assertEquals(state, throughJson(state), where);
      List<Object> actions = actions(envs.actionSpace(), 12, 40);
      try (VectorEnv copy = envs.copy(); VectorEnv made = maker.makeVecFromState(throughJson(state));
          VectorEnv madeOverRest = client.makeVecFromState(state)) {
        assertEquals(3, made.numEnvs(), where);
        assertEquals(mode, made.autoresetMode(), where);
        assertEquals(mode, copy.autoresetMode(), where);
        assertEquals(envs.observationSpace().toString(), made.observationSpace().toString(), where);
        List<Object> want = runVec(envs, actions);
        assertEquals(want, runVec(copy, actions), where + ": the copy continues alike");
        assertEquals(want, runVec(made, actions), where + ": the vector env made from the state continues alike");
        assertEquals(want, runVec(madeOverRest, actions), where + ": over REST");
        VectorResetResult restored = envs.setState(state);
        assertEquals(DType.FLOAT32, ((NDArray) restored.observations()).dtype(), where);
        assertEquals(state, envs.getState(), where);
        assertEquals(want, runVec(envs, actions), where + ": the restored vector env continues alike");
      }
    }
  }

  @Test
  void vectorEnvsContinueExactly() throws Exception {
    overEveryTransport(maker -> {
      for (AutoresetMode mode : AutoresetMode.values()) checkVector(maker, mode);
    });
  }

  @Test
  void subEnvStates() throws Exception {
    overEveryTransport(maker -> {
      try (VectorEnv envs = maker.makeVec("CartPole-v1", 3, MakeVecOptions.defaults())) {
        envs.reset(21);
        envs.step(new int[] {0, 1, 0});
        Map<String, Object> sub = envs.getState(1);
        assertEquals("gymcc.env_state", sub.get("format"));
        assertEquals(1L, map(sub.get("time_limit")).get("elapsed_steps"));
        envs.step(new int[] {1, 1, 1});
        assertNotEquals(sub, envs.getState(1));
        try (Env single = client.makeFromState(sub)) {
          VectorResetResult restored = envs.setState(1, throughJson(sub));
          assertEquals(sub, envs.getState(1), "over " + maker);
          float[] row = Arrays.copyOfRange(((NDArray) restored.observations()).toFloatArray(), 4, 8);
          assertArrayEquals(rowOf(sub), row, "over " + maker + ": the restored sub-env's observation");
          List<Object> actions = actions(envs.actionSpace(), 21, 5);
          for (Object batch : actions) {
            VectorStepResult step = envs.step(batch);
            StepResult one = single.step(((NDArray) batch).getLong(1));
            assertArrayEquals(((NDArray) one.observation()).toFloatArray(),
                Arrays.copyOfRange(((NDArray) step.observations()).toFloatArray(), 4, 8), "over " + maker);
            assertEquals(one.reward(), step.rewards()[1]);
            if (one.terminated() || one.truncated()) break;
          }
        }
        InstanceNotFoundException e = assertThrows(InstanceNotFoundException.class, () -> envs.getState(3));
        assertEquals(404, e.status());
        assertEquals("sub_env_not_found", e.code());
        assertEquals("sub_env_not_found", assertThrows(InstanceNotFoundException.class, () -> envs.setState(7, sub)).code());
        assertThrows(InvalidStateException.class, () -> envs.setState(sub)); // a single env's state for the whole
        assertThrows(InvalidStateException.class, () -> envs.setState(0, envs.getState())); // and the other way
        assertFalse(envs.getState().isEmpty());
      }
    });
  }

  /** A single env state's last observation, as float32 values. */
  private static float[] rowOf(Map<String, Object> state) {
    List<?> obs = (List<?>) map(state.get("env")).get("observation");
    float[] out = new float[obs.size()];
    for (int i = 0; i < out.length; i++) out[i] = (float) Json.toDouble(obs.get(i));
    return out;
  }

  @Test
  void refusedVectorStatesAndUnknownVectorEnvs() throws Exception {
    overEveryTransport(maker -> {
      try (VectorEnv two = maker.makeVec("CartPole-v1", 2, MakeVecOptions.defaults());
          VectorEnv three = maker.makeVec("CartPole-v1", 3, MakeVecOptions.defaults())) {
        two.reset(1);
        three.reset(1);
        Map<String, Object> state = two.getState();
        InvalidStateException e = assertThrows(InvalidStateException.class, () -> three.setState(state));
        assertEquals(400, e.status());
        Map<String, Object> tampered = throughJson(state);
        tampered.put("num_envs", 5L);
        assertThrows(InvalidStateException.class, () -> maker.makeVecFromState(tampered));
        Map<String, Object> copy = new LinkedHashMap<>(state);
        copy.put("format", "gymcc.env_state");
        assertThrows(InvalidStateException.class, () -> maker.makeVecFromState(copy));
      }
      VectorEnv gone = maker.makeVec("CartPole-v1", 2, MakeVecOptions.defaults());
      gone.reset(1);
      Map<String, Object> state = gone.getState();
      deleteUnderneath("/v1/vector_envs/" + gone.instanceId() + "/");
      assertEquals("instance_not_found", assertThrows(InstanceNotFoundException.class, gone::getState).code());
      assertEquals("instance_not_found", assertThrows(InstanceNotFoundException.class, () -> gone.getState(0)).code());
      assertEquals("instance_not_found", assertThrows(InstanceNotFoundException.class, () -> gone.setState(state)).code());
      assertEquals("instance_not_found", assertThrows(InstanceNotFoundException.class, gone::copy).code());
      gone.close();
    });
  }
}
