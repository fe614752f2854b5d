// The client against a live gymcc serve (and, for what a real server cannot show — the headers
// sent, an answer that never comes — against minimal local servers).

import assert from "node:assert/strict";
import { type IncomingHttpHeaders, createServer } from "node:http";
import { after, before, test } from "node:test";

import { WebSocketServer } from "ws";

import { Box, Client, ClosedError, ConnectionError, Discrete, GymccError, NDArray, TimeoutError } from "../src/index.js";
import { type Server, startServer } from "./server.js";

let server: Server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server.stop();
});

test("make, reset, step, close over REST: gymnasium's types", async () => {
  const client = new Client(server.url);
  const env = await client.make("CartPole-v1");
  assert.ok(env.actionSpace instanceof Discrete && env.actionSpace.n === 2);
  assert.ok(env.observationSpace instanceof Box && env.observationSpace.high[1] === Infinity);
  const { observation, info } = await env.reset({ seed: 42 });
  assert.ok(observation instanceof NDArray && observation.data instanceof Float32Array);
  assert.deepEqual(info, {});
  const step = await env.step(1);
  assert.equal(typeof step.reward, "number");
  assert.equal(step.terminated, false);
  assert.ok(env.observationSpace.contains(step.observation));
  await env.close();
  await env.close(); // twice is fine
  await assert.rejects(env.step(0), ClosedError);
  assert.ok(!(env.instanceId in (await client.listEnvs())));
});

test("server errors are GymccErrors with status, code and detail", async () => {
  const client = new Client(server.url);
  await assert.rejects(client.make("Foo-v0"), (e: unknown) => {
    assert.ok(e instanceof GymccError);
    assert.equal(e.status, 400);
    assert.equal(e.code, "unknown_env");
    assert.equal(e.detail, "Environment `Foo` doesn't exist.");
    return true;
  });
  const env = await client.make("Taxi-v4", { kwargs: { is_rainy: true }, maxEpisodeSteps: 5 });
  await assert.rejects(env.step(0), { name: "GymccError", status: 400, code: "reset_needed" });
  await env.reset({ seed: 3 });
  let truncated = false;
  for (let i = 0; i < 5; i++) truncated = (await env.step(0)).truncated;
  assert.equal(truncated, true, "max_episode_steps replaced the registered limit");
  await env.close();
});

test("an instance deleted underneath its Env: 404 instance_not_found", async () => {
  const client = new Client(server.url);
  const env = await client.make("CartPole-v1");
  await fetch(`${server.url}/v1/envs/${env.instanceId}/`, { method: "DELETE" });
  await assert.rejects(env.reset(), { name: "GymccError", status: 404, code: "instance_not_found" });
  await env.close(); // already gone: fine
});

test("a WebSocket session pipelines: steps of several envs in flight at once", async () => {
  const client = new Client(server.url);
  const session = await client.session();
  const envs = await Promise.all([0, 1, 2].map(() => session.make("CartPole-v1")));
  await Promise.all(envs.map((env, i) => env.reset({ seed: i })));
  const pipelined = await Promise.all(envs.flatMap((env) => [env.step(1), env.step(0)]));
  const rest = await client.make("CartPole-v1");
  for (let i = 0; i < 3; i++) {
    await rest.reset({ seed: i });
    for (const [k, action] of [1, 0].entries()) {
      const expected = await rest.step(action);
      const got = pipelined[2 * i + k]!;
      assert.deepEqual((got.observation as NDArray).toNumbers(), (expected.observation as NDArray).toNumbers());
      assert.equal(got.reward, expected.reward);
    }
  }
  await rest.close();
  const ids = envs.map((env) => env.instanceId);
  session.close();
  await assert.rejects(envs[0]!.step(1), ClosedError);
  // The server closes a session's instances with it.
  let live = await client.listEnvs();
  for (let i = 0; i < 50 && ids.some((id) => id in live); i++) {
    await new Promise((r) => setTimeout(r, 20));
    live = await client.listEnvs();
  }
  assert.ok(ids.every((id) => !(id in live)));
});

test("vector envs: batched spaces and results", async () => {
  const client = new Client(server.url);
  for (const maker of [client, await client.session()]) {
    const envs = await maker.makeVec("CartPole-v1", 3, { autoresetMode: "SameStep", maxEpisodeSteps: 2 });
    assert.equal(String(envs.actionSpace), "MultiDiscrete([2 2 2])");
    assert.deepEqual(envs.observationSpace.shape, [3, 4]);
    const reset = await envs.reset({ seed: 7 });
    assert.deepEqual((reset.observations as NDArray).shape, [3, 4]);
    await envs.step([0, 1, 1]);
    const step = await envs.step(new BigInt64Array([1n, 1n, 0n]));
    assert.deepEqual(step.truncated, [true, true, true]);
    assert.ok(step.rewards instanceof Float64Array && step.rewards.length === 3);
    const finals = step.infos["final_obs"] as NDArray[];
    assert.ok(finals.every((obs) => obs instanceof NDArray && obs.dtype === "float32"));
    await envs.close();
    if ("close" in maker) maker.close();
  }
});

test("huge seeds: exact over REST and over the session (sent there as JSON)", async () => {
  const client = new Client(server.url);
  const session = await client.session();
  const seed = 2n ** 128n + 3n;
  const a = await (await client.make("FrozenLake-v1")).reset({ seed });
  const b = await (await session.make("FrozenLake-v1")).reset({ seed });
  assert.equal(a.observation, b.observation);
  session.close();
});

async function capture(): Promise<{ url: string; headers: Promise<IncomingHttpHeaders>; close: () => void }> {
  let received!: (h: IncomingHttpHeaders) => void;
  const headers = new Promise<IncomingHttpHeaders>((resolve) => (received = resolve));
  const http = createServer((request, response) => {
    received(request.headers);
    response.writeHead(404, { "Content-Type": "application/json" });
    response.end('{"detail":"no","code":"not_found"}');
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, headers, close: () => http.close() };
}

test("the API key goes as a bearer token, from the option or GYMCC_API_KEY", async () => {
  const fake = await capture();
  await assert.rejects(new Client(fake.url, { apiKey: "s3cret" }).make("CartPole-v1"), { status: 404 });
  assert.equal((await fake.headers).authorization, "Bearer s3cret");
  fake.close();

  const fromEnv = await capture();
  process.env["GYMCC_API_KEY"] = "from-env";
  try {
    await assert.rejects(new Client(fromEnv.url).make("CartPole-v1"), { status: 404 });
  } finally {
    delete process.env["GYMCC_API_KEY"];
  }
  assert.equal((await fromEnv.headers).authorization, "Bearer from-env");
  assert.equal((await fromEnv.headers).connection, "keep-alive");
  fromEnv.close();

  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((resolve) => wss.once("listening", resolve));
  const upgrade = new Promise<IncomingHttpHeaders>((resolve) => wss.once("connection", (_, request) => resolve(request.headers)));
  const session = await new Client(`http://127.0.0.1:${(wss.address() as { port: number }).port}`, { apiKey: "ws-key" }).session();
  assert.equal((await upgrade).authorization, "Bearer ws-key");
  session.close();
  wss.close();
});

test("no answer within the timeout is a TimeoutError; no server a ConnectionError", async () => {
  const silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const { port } = silent.address() as { port: number };
  const started = Date.now();
  await assert.rejects(new Client(`http://127.0.0.1:${port}`, { timeoutMs: 200 }).make("CartPole-v1"), TimeoutError);
  assert.ok(Date.now() - started < 5000);
  silent.closeAllConnections();
  silent.close();
  await assert.rejects(new Client(`http://127.0.0.1:${port}`).make("CartPole-v1"), ConnectionError);
});
