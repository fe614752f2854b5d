// Single-env step latency for benchmarks/run.py (benchmarks/clients.py): CartPole-v1 over REST
// or a WebSocket session, one step in flight (actions 0, 1, 0, ...), resets untimed; one JSON
// line out.
//   java -cp 'target/classes:target/lib/*' bench/StepBench.java --url URL --transport http|ws \
//       [--seconds S] [--warmup S] [--env-id ID]
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gymcc.Env;
import dev.gymcc.GymccClient;
import dev.gymcc.Session;
import dev.gymcc.StepResult;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

public class StepBench {
  private final Env env;
  private double[] latencies = new double[1 << 16];
  private int recorded;
  private int resets;
  private long n;

  private StepBench(Env env) {
    this.env = env;
  }

  private void run(double seconds, boolean record) {
    long until = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < until) {
      long started = System.nanoTime();
      StepResult step = env.step((int) (n % 2));
      long took = System.nanoTime() - started;
      n++;
      if (record) {
        if (recorded == latencies.length) latencies = Arrays.copyOf(latencies, recorded * 2);
        latencies[recorded++] = took / 1e3;
      }
      if (step.terminated() || step.truncated()) {
        env.reset();
        if (record) resets++;
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> flags = new LinkedHashMap<>(Map.of(
        "--transport", "http", "--seconds", "2", "--warmup", "0.5", "--env-id", "CartPole-v1"));
    for (int i = 0; i + 1 < args.length; i += 2) flags.put(args[i], args[i + 1]);
    String url = flags.get("--url");
    if (url == null) throw new IllegalArgumentException("--url is required");
    String transport = flags.get("--transport");
    String envId = flags.get("--env-id");
    GymccClient client = GymccClient.create(url);
    Session session = transport.equals("ws") ? client.session() : null;
    if (session == null && !transport.equals("http")) {
      throw new IllegalArgumentException("--transport is http or ws, not " + transport);
    }
    Env env = session != null ? session.make(envId) : client.make(envId);
    env.reset(0);
    StepBench bench = new StepBench(env);
    bench.run(Double.parseDouble(flags.get("--warmup")), false);
    long start = System.nanoTime();
    bench.run(Double.parseDouble(flags.get("--seconds")), true);
    double elapsed = (System.nanoTime() - start) / 1e9;
    env.close();
    if (session != null) session.close();
    double[] sorted = Arrays.copyOf(bench.latencies, bench.recorded);
    Arrays.sort(sorted);
    Map<String, Object> latency = new LinkedHashMap<>();
    for (double q : new double[] {0.5, 0.9, 0.99}) {
      latency.put("p" + Math.round(q * 100), sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))]);
    }
    latency.put("mean", Arrays.stream(sorted).average().orElse(Double.NaN));
    latency.put("min", sorted[0]);
    latency.put("max", sorted[sorted.length - 1]);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mode", "client-step");
    out.put("client", "java");
    out.put("runtime", "java " + Runtime.version());
    out.put("transport", transport);
    out.put("env", envId);
    out.put("steps", sorted.length);
    out.put("resets", bench.resets);
    out.put("duration_s", elapsed);
    out.put("latency_us", latency);
    System.out.println(new ObjectMapper().writeValueAsString(out));
  }
}
