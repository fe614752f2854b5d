package dev.gymcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client against a live gymcc serve (one per class), and, for what a real server cannot
 * show — the headers sent, an answer that never comes — against minimal local servers.
 */
class ClientTest {
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

  @Test
  void makeResetStepCloseOverRest() {
    Env env = client.make("CartPole-v1");
    assertEquals(2, ((Discrete) env.actionSpace()).n());
    Box box = (Box) env.observationSpace();
    assertEquals(Double.POSITIVE_INFINITY, box.high()[1], "CartPole's velocity bound is +inf");
    ResetResult first = env.reset(42);
    NDArray obs = (NDArray) first.observation();
    assertEquals(DType.FLOAT32, obs.dtype());
    assertEquals(4, obs.size());
    assertTrue(first.info().isEmpty());
    StepResult step = env.step(1);
    assertFalse(step.terminated());
    assertEquals(1.0, step.reward());
    assertTrue(box.contains(step.observation()));
    env.close();
    env.close(); // closing twice is fine
    assertThrows(ClosedException.class, () -> env.step(0));
    assertFalse(client.listEnvs().containsKey(env.instanceId()), "the instance outlived close()");
  }

  @Test
  void serverErrorsCarryStatusCodeDetail() {
    GymccException e = assertThrows(GymccException.class, () -> client.make("Foo-v0"));
    assertEquals(400, e.status());
    assertEquals("unknown_env", e.code());
    assertEquals("Environment `Foo` doesn't exist.", e.detail());
    try (Env env = client.make("Taxi-v4", MakeOptions.defaults().kwargs(Map.of("is_rainy", true)).maxEpisodeSteps(5))) {
      assertEquals("reset_needed", assertThrows(GymccException.class, () -> env.step(0)).code());
      env.reset(3);
      StepResult step = null;
      for (int i = 0; i < 5; i++) step = env.step(0);
      assertTrue(step.truncated(), "maxEpisodeSteps replaced the registered limit");
      assertEquals(6, ((List<?>) step.info().get("action_mask")).size());
      assertEquals("invalid_action", assertThrows(GymccException.class, () -> env.step(6)).code());
    }
  }

  @Test
  void instanceDeletedUnderneath() throws Exception {
    Env env = client.make("CartPole-v1");
    HttpResponse<String> deleted = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.url + "/v1/envs/" + env.instanceId() + "/")).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, deleted.statusCode());
    GymccException e = assertThrows(GymccException.class, env::reset);
    assertEquals(404, e.status());
    assertEquals("instance_not_found", e.code());
    env.close(); // an instance already gone closes fine
  }

  @Test
  void sessionPipelinesSteps() throws Exception {
    Session session = client.session();
    List<Env> envs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      envs.add(session.make("CartPole-v1"));
      envs.get(i).reset(i);
    }
    List<CompletableFuture<StepResult>> calls = new ArrayList<>();
    for (Env env : envs) calls.add(env.stepAsync(1)); // all three in flight before any reply
    try (Env rest = client.make("CartPole-v1")) {
      for (int i = 0; i < 3; i++) {
        StepResult got = calls.get(i).get(10, TimeUnit.SECONDS);
        rest.reset(i);
        StepResult want = rest.step(1);
        assertEquals(want.observation(), got.observation(), "env " + i);
        assertEquals(want.reward(), got.reward());
      }
    }
    List<String> ids = envs.stream().map(Env::instanceId).toList();
    session.close();
    session.close();
    assertThrows(ClosedException.class, () -> envs.get(0).step(1));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (ids.stream().anyMatch(client.listEnvs()::containsKey)) {
      assertTrue(System.nanoTime() < deadline, "the session's instances outlived it");
      Thread.sleep(20);
    }
  }

  @Test
  void sessionErrorsCarryStatusCodeDetail() {
    try (Session session = client.session()) {
      GymccException e = assertThrows(GymccException.class, () -> session.make("Foo-v0"));
      assertEquals(400, e.status());
      assertEquals("unknown_env", e.code());
      try (Env env = session.make("CartPole-v1")) {
        assertEquals("reset_needed", assertThrows(GymccException.class, () -> env.step(0)).code());
      }
    }
  }

  @Test
  void vectorEnvsOverBothTransports() {
    try (Session session = client.session()) {
      for (boolean overSession : new boolean[] {false, true}) {
        MakeVecOptions options = MakeVecOptions.defaults().autoresetMode(AutoresetMode.SAME_STEP).maxEpisodeSteps(2);
        VectorEnv envs = overSession ? session.makeVec("CartPole-v1", 3, options) : client.makeVec("CartPole-v1", 3, options);
        assertEquals("MultiDiscrete([2 2 2])", envs.actionSpace().toString());
        assertEquals("Box(3, 4) float32", envs.observationSpace().toString());
        envs.reset(7);
        envs.step(new int[] {0, 1, 1});
        VectorStepResult step = envs.step(envs.actionSpace().sample());
        assertEquals(3, step.rewards().length);
        assertTrue(step.truncated()[0] && step.truncated()[2]);
        List<?> finals = (List<?>) step.infos().get("final_obs");
        assertEquals(3, finals.size());
        for (Object obs : finals) assertEquals(DType.FLOAT32, assertInstanceOf(NDArray.class, obs).dtype());
        envs.close();
      }
    }
  }

  @Test
  void hugeSeedsOverBothTransports() {
    BigInteger seed = new BigInteger("340282366920938463463374607431768211459"); // 2**128 + 3
    try (Session session = client.session();
        Env rest = client.make("FrozenLake-v1");
        Env ws = session.make("FrozenLake-v1")) {
      assertEquals(rest.reset(seed, null).observation(), ws.reset(seed, null).observation());
    }
  }

  @Test
  void apiKeyIsABearerToken() throws Exception {
    BlockingQueue<String> headers = new LinkedBlockingQueue<>();
    HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fake.createContext("/", exchange -> {
      headers.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      byte[] body = "{\"detail\":\"no\",\"code\":\"not_found\"}".getBytes();
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(404, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    fake.start();
    try {
      String url = "http://127.0.0.1:" + fake.getAddress().getPort();
      GymccClient keyed = GymccClient.builder(url).apiKey("s3cret").build();
      GymccException e = assertThrows(GymccException.class, () -> keyed.make("CartPole-v1"));
      assertEquals(404, e.status());
      assertEquals("not_found", e.code());
      assertEquals("Bearer s3cret", headers.poll(5, TimeUnit.SECONDS));
      assertThrows(ConnectionException.class, keyed::session); // the fake refuses the upgrade
      assertEquals("Bearer s3cret", headers.poll(5, TimeUnit.SECONDS), "the WebSocket handshake's Authorization");
    } finally {
      fake.stop(0);
    }
  }

  @Test
  void timeoutsAndUnreachableServers() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HttpServer silent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    silent.createContext("/", exchange -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    silent.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    silent.start();
    try {
      GymccClient slow = GymccClient.builder("http://127.0.0.1:" + silent.getAddress().getPort())
          .timeout(Duration.ofMillis(200)).build();
      long started = System.nanoTime();
      ConnectionException e = assertThrows(ConnectionException.class, () -> slow.make("CartPole-v1"));
      assertTrue(e.isTimeout(), e.toString());
      assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5));
    } finally {
      release.countDown();
      silent.stop(0);
    }
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    ConnectionException e = assertThrows(ConnectionException.class, () -> GymccClient.create("http://127.0.0.1:" + port).make("CartPole-v1"));
    assertFalse(e.isTimeout());
  }
}
