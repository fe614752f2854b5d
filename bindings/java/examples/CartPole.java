// Balances CartPole-v1 with a fixed policy and prints the mean return over 10 seeded episodes.
//   java -cp 'target/classes:target/lib/*' examples/CartPole.java [http://127.0.0.1:5000]
import dev.gymcc.Env;
import dev.gymcc.GymccClient;
import dev.gymcc.NDArray;
import dev.gymcc.StepResult;
import java.util.ArrayList;
import java.util.List;

public class CartPole {
  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : "http://127.0.0.1:5000";
    GymccClient client = GymccClient.create(url);
    List<String> returns = new ArrayList<>();
    double total = 0;
    try (Env env = client.make("CartPole-v1")) {
      for (int seed = 0; seed < 10; seed++) {
        NDArray state = (NDArray) env.reset(seed).observation();
        double episodeReturn = 0;
        while (true) {
          // Push the cart towards where the pole is falling: angle plus angular velocity.
          int action = state.getFloat(2) + state.getFloat(3) > 0 ? 1 : 0;
          StepResult step = env.step(action);
          episodeReturn += step.reward();
          state = (NDArray) step.observation();
          if (step.terminated() || step.truncated()) break;
        }
        returns.add(String.valueOf(episodeReturn));
        total += episodeReturn;
      }
    }
    System.out.printf("CartPole-v1, fixed policy: returns %s; mean return over 10 episodes: %.1f%n",
        String.join(" ", returns), total / 10);
  }
}
