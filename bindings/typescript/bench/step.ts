// Single-env step latency for benchmarks/run.py (benchmarks/clients.py): CartPole-v1 over
// REST or a WebSocket session, one step in flight, resets untimed; one JSON line out.
//
//   node dist/bench/step.js --url URL --transport http|ws --seconds S --warmup S

import { Client, type Env } from "../src/index.js";

function option(name: string, fallback?: string): string {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? process.argv[i + 1] : fallback;
  if (value === undefined) throw new Error(`missing ${name}`);
  return value;
}

const url = option("--url");
const transport = option("--transport", "http");
const seconds = Number(option("--seconds", "2"));
const warmup = Number(option("--warmup", "0.5"));
const envId = option("--env-id", "CartPole-v1");

const client = new Client(url);
const session = transport === "ws" ? await client.session() : undefined;
const env: Env = session ? await session.make(envId) : await client.make(envId);
await env.reset({ seed: 0 });

const latencies: number[] = [];
let resets = 0;
let step = 0;
async function run(until: number, record: boolean): Promise<void> {
  while (performance.now() < until) {
    const started = performance.now();
    const result = await env.step(step++ % 2);
    if (record) latencies.push((performance.now() - started) * 1000);
    if (result.terminated || result.truncated) {
      await env.reset();
      if (record) resets++;
    }
  }
}
await run(performance.now() + warmup * 1000, false);
const start = performance.now();
await run(start + seconds * 1000, true);
const elapsed = (performance.now() - start) / 1000;
await env.close();
session?.close();

latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
console.log(
  JSON.stringify({
    mode: "client-step",
    client: "typescript",
    runtime: `node ${process.versions.node}`,
    transport,
    env: envId,
    steps: latencies.length,
    resets,
    duration_s: elapsed,
    latency_us: { p50: at(0.5), p90: at(0.9), p99: at(0.99), mean, min: latencies[0], max: latencies[latencies.length - 1] },
  }),
);
