package dev.gymcc.conformance;

import dev.gymcc.Env;
import dev.gymcc.GymccClient;
import dev.gymcc.Json;
import dev.gymcc.MakeOptions;
import dev.gymcc.MakeVecOptions;
import dev.gymcc.Session;
import dev.gymcc.VectorEnv;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The Java client's conformance runner (tests/conformance/README.md):
 * {@code Main --url URL --fixtures DIR}. It replays every fixture twice — over REST
 * (" [http]") and over a WebSocket session (" [ws]") — prints PASS/FAIL per case, then
 * "java: N passed, M failed".
 */
public final class Main {
  private Main() {}

  private record Case(String name, Runnable run) {}

  private interface Opener {
    Cases.Maker open();
  }

  @SuppressWarnings("unchecked")
  private static BiConsumer<Map<String, Object>, Cases.Maker> kindOf(Object value) {
    if (!(value instanceof Map<?, ?> v)) return null;
    if (v.containsKey("steps") && v.containsKey("reset")) return Cases::episode;
    if (v.containsKey("calls")) return Cases::vectorRun;
    if (v.containsKey("call") && v.containsKey("status")) return Cases::errorCase;
    if (v.containsKey("action_space") && v.containsKey("observation_space")) return Cases::spacesCase;
    return null;
  }

  private static List<String> readLines(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1));
    }
  }

  private static Cases.Maker clientMaker(GymccClient client) {
    return new Cases.Maker() {
      @Override
      public Env make(String envId, MakeOptions options) {
        return client.make(envId, options);
      }

      @Override
      public VectorEnv makeVec(String envId, int numEnvs, MakeVecOptions options) {
        return client.makeVec(envId, numEnvs, options);
      }
    };
  }

  private static Cases.Maker sessionMaker(Session session) {
    return new Cases.Maker() {
      @Override
      public Env make(String envId, MakeOptions options) {
        return session.make(envId, options);
      }

      @Override
      public VectorEnv makeVec(String envId, int numEnvs, MakeVecOptions options) {
        return session.makeVec(envId, numEnvs, options);
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static List<Case> casesOf(Path fixtures, GymccClient client) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(fixtures)) {
      files = walk.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".jsonl") || p.toString().endsWith(".jsonl.gz"))
          .sorted()
          .collect(Collectors.toList());
    }
    Json json = new Json();
    List<Case> cases = new ArrayList<>();
    for (Path file : files) {
      List<String> lines = readLines(file);
      String rel = fixtures.relativize(file).toString();
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) continue;
        String where = rel + ":" + (i + 1);
        Object value;
        try {
          value = json.decode(lines.get(i));
        } catch (IllegalArgumentException e) {
          String reason = "not JSON: " + e.getMessage();
          cases.add(new Case(where, () -> {
            throw new Cases.Failure(reason);
          }));
          continue;
        }
        BiConsumer<Map<String, Object>, Cases.Maker> kind = kindOf(value);
        if (kind == null) {
          cases.add(new Case(where, () -> {
            throw new Cases.Failure("a line of no fixture kind");
          }));
          continue;
        }
        Map<String, Object> fixture = (Map<String, Object>) value;
        String label = fixture.get("call") != null && fixture.get("name") instanceof String n ? where + "#" + n : where;
        cases.add(new Case(label + " [http]", () -> kind.accept(fixture, clientMaker(client))));
        cases.add(new Case(label + " [ws]", () -> {
          try (Session session = client.session()) {
            kind.accept(fixture, sessionMaker(session));
          }
        }));
      }
    }
    return cases;
  }

  public static void main(String[] args) throws Exception {
    String url = null;
    String fixtures = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--url")) url = args[i + 1];
      else if (args[i].equals("--fixtures")) fixtures = args[i + 1];
    }
    if (url == null || fixtures == null) {
      System.err.println("usage: Main --url URL --fixtures DIR");
      System.exit(2);
    }
    GymccClient client = GymccClient.create(url);
    List<Case> cases = casesOf(Path.of(fixtures), client);
    // A few cases at a time (each with its own instances), reported in order.
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<String>> results = new ArrayList<>();
    for (Case c : cases) {
      results.add(pool.submit(() -> {
        try {
          c.run().run();
          return "PASS " + c.name();
        } catch (RuntimeException e) {
          String reason = e instanceof Cases.Failure ? e.getMessage() : e.toString();
          return "FAIL " + c.name() + ": " + reason;
        }
      }));
    }
    int passed = 0;
    int failed = 0;
    for (Future<String> r : results) {
      String line = r.get();
      System.out.println(line);
      if (line.startsWith("PASS")) passed++;
      else failed++;
    }
    pool.shutdown();
    System.out.println("java: " + passed + " passed, " + failed + " failed");
    System.exit(failed > 0 ? 1 : 0);
  }
}
