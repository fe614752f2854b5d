// Balances CartPole-v1 with a fixed policy and prints the mean return over 10 seeded episodes.
//
//   npm run example -- [http://127.0.0.1:5000]

import { Client, type NDArray } from "../src/index.js";

const url = process.argv[2] ?? "http://127.0.0.1:5000";
const client = new Client(url);
const env = await client.make("CartPole-v1");
try {
  const returns: number[] = [];
  for (let seed = 0; seed < 10; seed++) {
    let { observation } = await env.reset({ seed });
    let total = 0;
    for (;;) {
      // Push the cart towards where the pole is falling: angle plus angular velocity.
      const [, , angle, angularVelocity] = (observation as NDArray<"float32">).data;
      const result = await env.step(angle! + angularVelocity! > 0 ? 1 : 0);
      total += result.reward;
      observation = result.observation;
      if (result.terminated || result.truncated) break;
    }
    returns.push(total);
  }
  const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
  console.log(`CartPole-v1, fixed policy: returns ${returns.join(" ")}; mean return over 10 episodes: ${mean.toFixed(1)}`);
} finally {
  await env.close();
  await client.close();
}
